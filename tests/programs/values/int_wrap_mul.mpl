fn main() do
  let big = 3037000500
  println("#{big * big}")
  let half = 4611686018427387904
  println("#{half * 2}")
  println("#{half * 4}")
end
