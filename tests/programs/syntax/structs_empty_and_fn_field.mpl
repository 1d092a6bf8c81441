struct Marker do
end

struct Shown do
end deriving(Display)

struct Handler do
  name :: String
  run :: Fun(Int) -> Int
end deriving()

fn main() do
  println("#{Marker {}} #{Shown {}}")
  let h = Handler { name: "dbl", run: fn x -> x * 2 end }
  println("#{h.name} #{h.run(21)}")
end
