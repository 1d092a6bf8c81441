fn show(x) do
  "<#{x}>"
end

fn main() do
  println(show(1))
  println(show("s"))
  println(show([1.5]))
  println(show(Some(true)))
end
