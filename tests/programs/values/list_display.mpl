fn main() do
  let names = ["ada", "bo"]
  let empty :: List<Int> = []
  let nested = [[1, 2], [3], []]
  let floats = [1.0, 2.5]
  let bools = [true, false]
  println("#{names} #{empty} #{nested} #{floats} #{bools}")
end
