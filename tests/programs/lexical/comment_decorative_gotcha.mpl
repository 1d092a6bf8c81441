#======================
# Section
fn main() do
  println("hi")
end
