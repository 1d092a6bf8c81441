actor tally(total :: Int) do
  receive do
    n -> tally(total + n)
  end
end

fn main() do
  let p = spawn(tally, 0)
  send(p, 5)
end
