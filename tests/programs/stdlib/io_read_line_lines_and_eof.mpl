fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(line) -> "Ok(#{String.replace(line, "\r", "<CR>")})"
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(show(IO.read_line()))
  println(show(IO.read_line()))
  println(show(IO.read_line()))
  println(show(IO.read_line()))
  println(show(io_read_line()))
  println(show(IO.read_line()))
end
