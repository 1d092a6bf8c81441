fn main() do
  println(later(2))
  println("#{area(3)} #{area(3, 4)}")
end

fn area(side) = side * side

fn later(n :: Int) -> String do
  "later #{n}"
end

fn area(w, h) = w * h
