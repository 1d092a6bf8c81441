type TallyMsg do
  Add(Int)
  Show
end

fn show_total(total :: Int) -> Int do
  println("total=#{total}")
  total
end

actor tally(total :: Int) do
  let next = receive do
    Add(n) -> total + n
    Show -> show_total(total)
  end
  tally(next)
end

fn main() do
  let t = spawn(tally, 0)
  send(t, Add(4))
  send(t, Add(6))
  send(t, Show)
end
