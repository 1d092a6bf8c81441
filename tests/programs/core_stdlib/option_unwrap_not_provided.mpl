fn main() do
  let x = Some(1)
  println("#{Option.unwrap(x)}")
end
