import Alpha

fn main() do
  println(Alpha.name())
end
