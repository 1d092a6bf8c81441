fn area(scale :: Int, opts :: Map<String, Int>) -> Int do
  scale * Map.get(opts, "width") * Map.get(opts, "height")
end

fn show(opts :: Map<String, String>) -> String do
  "#{opts}"
end

fn main() do
  println("#{area(2, width: 3, height: 4)}")
  println(show(name: "x", mode: "fast"))
  let f = fn a, o -> "#{a} #{o}" end
  println(f(1, flag: true))
end
