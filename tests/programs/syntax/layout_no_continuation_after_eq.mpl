fn main() do
  let x =
    5
  println("#{x}")
end
