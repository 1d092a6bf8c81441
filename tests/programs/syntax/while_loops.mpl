fn keep_going(n :: Int) -> Bool = n < 3

fn main() do
  let r = while false do
    println("never")
  end
  println("#{r}")
  while true do
    println("once")
    break
  end
  while keep_going(1) do
    println("guarded")
    break
  end
  let results = for i in 0..3 do
    while true do
      break
    end
    i
  end
  println("#{results}")
end
