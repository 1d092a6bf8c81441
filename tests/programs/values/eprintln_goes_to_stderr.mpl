fn main() do
  IO.eprintln("to stderr")
  println("to stdout")
end
