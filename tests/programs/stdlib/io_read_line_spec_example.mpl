fn main() do
  IO.eprintln("waiting for a name")
  case IO.read_line() do
    Ok(name) -> println("hello, #{name}")
    Err(why) -> IO.eprintln(why)
  end
end
