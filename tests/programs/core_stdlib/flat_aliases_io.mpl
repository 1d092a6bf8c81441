fn main() do
  io_eprintln("to stderr")
  case io_read_line() do
    Ok(line) -> println("read [#{line}]")
    Err(e) -> println("error #{e}")
  end
  case io_read_line() do
    Ok(line) -> println("read [#{line}]")
    Err(e) -> println("error #{e}")
  end
end
