fn add3(a, b, c) do
  a + b + c
end

fn main() do
  let xs = [
    1,
    2,
    3,
  ]
  let m = %{
    "a" => 1,
    "b" => 2
  }
  let s = add3(
    1,
    2,
    3
  )
  let ys = List.map(xs, fn x do
    let y = x * 2
    y + 1
  end)
  println("#{xs} #{m} #{s} #{ys}")
end
