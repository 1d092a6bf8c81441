fn main() do
  let f = fn x ->
    let y = x * 2
    y + 1
  end
  let g = fn ->
    let a = 1
    let b = 2
    a + b
  end
  println("#{f(3)} #{g()}")
end
