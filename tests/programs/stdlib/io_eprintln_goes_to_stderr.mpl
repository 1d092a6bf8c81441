fn main() do
  IO.eprintln("waiting for a name")
  println("stdout line")
  io_eprintln("flat alias line")
end
