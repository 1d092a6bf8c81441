fn main() do
  let xs = for i in 0..3 do
    let f = fn -> break end
    f()
    i
  end
  println("#{xs}")
end
