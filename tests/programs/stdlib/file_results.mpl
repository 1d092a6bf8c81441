fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(text) -> "Ok(#{String.replace(text, "\r", "<CR>")})"
    Err(e) -> "Err(#{e})"
  end
end

fn unit(r :: Result<(), String>) -> String do
  case r do
    Ok(_) -> "Ok"
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(unit(File.write("a.txt", "héllo ✓\r\nline2")))
  println(show(File.read("a.txt")))
  println(unit(File.write("a.txt", "x")))
  println(show(File.read("a.txt")))
  println(unit(File.write("empty.txt", "")))
  println(show(File.read("empty.txt")))
  println(unit(File.append("new.txt", "one")))
  println(unit(File.append("new.txt", "+two")))
  println(show(File.read("new.txt")))
  println("#{File.exists("new.txt")}")
  println(unit(File.delete("new.txt")))
  println("#{File.exists("new.txt")}")
end
