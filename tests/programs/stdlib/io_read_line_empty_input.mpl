fn main() do
  case IO.read_line() do
    Ok(line) -> println("ok [#{line}] #{String.length(line)}")
    Err(e) -> println("err #{e}")
  end
end
