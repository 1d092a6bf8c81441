fn main() do
  println("#{File.exists(".")}")
  println("#{File.exists("..")}")
  println("#{File.exists("nope.txt")}")
  println("#{File.exists("")}")
  let _ = File.write("here.txt", "1")
  println("#{File.exists("here.txt")}")
  println("#{file_exists("here.txt")}")
end
