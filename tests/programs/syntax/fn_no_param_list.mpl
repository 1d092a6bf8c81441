fn greeting do
  "hi"
end

fn main do
  println(greeting())
end
