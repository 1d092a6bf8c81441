fn identity<T>(x :: T) -> T = x

fn first_of<T>(xs :: List<T>, fallback :: T) -> T do
  case xs do
    [] -> fallback
    h :: _ -> h
  end
end

fn show_both<A, B>(a :: A, b :: B) -> String where A: Display, B: Display do
  "<#{a}|#{b}>"
end

fn main() do
  println("#{identity(5)} #{identity("s")}")
  println("#{first_of([3, 4], 0)} #{first_of([], 9)}")
  println(show_both(1, "two"))
end
