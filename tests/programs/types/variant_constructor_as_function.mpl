type Wrap do
  W(Int)
end deriving(Display)

fn main() do
  let ws = List.map([1, 2], W)
  let f = Wrap.W
  println("#{ws} #{f(3)}")
end
