fn first_of(x, y) do
  x
end

fn main() do
  let n = first_of(7, "ignored")
  let s = first_of("kept", 0)
  println("#{n} #{s}")
end
