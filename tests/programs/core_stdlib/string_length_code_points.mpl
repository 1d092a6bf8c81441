fn main() do
  println("#{String.length("Grüße")} #{String.length("")} #{String.length("abc")} #{String.length("日本語")} #{String.length("🎉x")}")
end
