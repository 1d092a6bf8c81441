fn main() do
  println("a")
end
#= never closed
