struct Cell do
  v :: Int
end

fn main() do
  let xs = [Some(1), None]
  let ys = [Some(1), None]
  let zs = [Some(2), None]
  println("#{xs == ys} #{xs == zs}")
  let cs = [Cell { v: 1 }]
  let ds = [Cell { v: 1 }]
  println("#{cs == ds} #{List.contains(cs, Cell { v: 1 })}")
end
