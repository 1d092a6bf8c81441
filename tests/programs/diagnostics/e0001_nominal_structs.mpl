struct Meters do
  v :: Int
end

struct Feet do
  v :: Int
end

fn run(m :: Meters) -> Int do
  m.v
end

fn main() do
  let f = Feet { v: 3 }
  println("#{run(f)}")
end
