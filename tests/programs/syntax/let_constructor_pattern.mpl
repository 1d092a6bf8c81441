fn main() do
  let Some(x) = Some(1)
  println("#{x}")
end
