# Spec 04 §4 (actors): an actor is a function that receives, then calls itself
# with its next state. Messages are a sum type, so the pid is typed `Pid<TallyMsg>`.
#
# Prints `total=10`; the actor then waits forever for more mail, and the program
# ends because every remaining process is idle (spec 04 §1.1).

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
