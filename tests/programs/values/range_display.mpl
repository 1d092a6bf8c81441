fn main() do
  let r = Range.new(1, 4)
  let s = 1..4
  println("#{r} #{s} #{Range.length(s)}")
end
