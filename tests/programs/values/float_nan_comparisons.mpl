fn main() do
  let nan = 0.0 / 0.0
  println("#{nan == nan} #{nan != nan} #{nan < 1.0} #{nan > 1.0} #{nan <= nan} #{nan >= 1.0}")
  println("#{compare(nan, 1.0)}")
end
