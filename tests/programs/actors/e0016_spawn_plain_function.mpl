# Our choice (04 section 5): the first argument must name an actor or a supervisor.
fn helper(n :: Int) -> Int do
  n + 1
end

fn main() do
  let p = spawn(helper, 1)
  println("spawned")
end
