fn main() do
  let _ = file_write("f.txt", "a")
  let _ = file_append("f.txt", "b")
  case file_read("f.txt") do
    Ok(t) -> println(t)
    Err(e) -> println(e)
  end
  case file_delete("f.txt") do
    Ok(_) -> println("deleted")
    Err(e) -> println(e)
  end
end
