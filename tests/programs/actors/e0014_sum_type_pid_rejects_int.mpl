type TallyMsg do
  Add(Int)
  Show
end

actor tally(total :: Int) do
  let next = receive do
    Add(n) -> total + n
    Show -> total
  end
  tally(next)
end

fn main() do
  let t = spawn(tally, 0)
  send(t, Add(1))
  send(t, 5)
end
