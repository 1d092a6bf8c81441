type Temp = Degrees

fn main() do
  println("x")
end
