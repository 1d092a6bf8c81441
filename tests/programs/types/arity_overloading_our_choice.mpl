fn area(side :: Int) -> Int do
  side * side
end

fn area(w :: Int, h :: Int) -> Int do
  w * h
end

fn main() do
  println("#{area(3)} #{area(2, 3)}")
end
