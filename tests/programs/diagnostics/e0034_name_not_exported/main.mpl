from Tools import nothing_here

fn main() do
  println(nothing_here())
end
