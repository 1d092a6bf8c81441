supervisor Crew do
  strategy: one_for_one
  colour: blue
end

fn main() do
  println("x")
end
