fn first<T>(x :: T, y :: T) -> T do
  x
end

fn head_or<T>(xs :: List<T>, fallback :: T) -> T do
  case xs do
    h :: _ -> h
    _ -> fallback
  end
end

fn main() do
  let e :: List<String> = []
  println("#{first(1, 2)} #{first("a", "b")} #{head_or([3, 4], 0)} #{head_or(e, "none")}")
end
