fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(text) -> "Ok(#{text})"
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
  println(show(File.read("no_such_file.txt")))
  println(show(File.read(".")))
  println(unit(File.delete("no_such_file.txt")))
  println(unit(File.delete(".")))
  println(unit(File.write("missing_dir/x.txt", "x")))
  println(unit(File.append("missing_dir/x.txt", "x")))
  println(show(File.read("")))
  println(show(File.read("bad\0name")))
  println(unit(File.write("bad\0name", "x")))
  println("#{File.exists("bad\0name")}")
end
