fn main() do
  let a = 10
  let b = a
  -1
  println("#{b}")
  let r = List.map([10], fn x do
    let y = x
    - 1
    y
  end)
  println("#{r}")
end
