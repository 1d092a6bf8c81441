# 200000 tail self-calls of an actor: same process, constant stack.
actor spinner(n :: Int) do
  if n > 0 do
    spinner(n - 1)
  else
    println("spun down to #{n}")
    self()
  end
end

fn main() do
  spawn(spinner, 200000)
end
