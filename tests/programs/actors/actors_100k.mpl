actor sink() do
  receive do
    n -> n
  end
end

fn spawn_batch(left :: Int) -> Int do
  if left == 0 do
    0
  else
    let p = spawn(sink)
    send(p, left)
    spawn_batch(left - 1)
  end
end

fn spawn_batches(batches :: Int, total :: Int) -> Int do
  if batches == 0 do
    total
  else
    spawn_batch(1000)
    spawn_batches(batches - 1, total + 1000)
  end
end

fn main() do
  let n = spawn_batches(100, 0)
  println("#{n} actors done")
end
