fn pick(flag :: Bool) -> Int do
  let v :: Int = if flag do 1 else panic("no") end
  v + 1
end

fn main() do
  println("#{pick(true)}")
end
