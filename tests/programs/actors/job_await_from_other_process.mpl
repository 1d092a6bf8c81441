actor checker(job :: Pid<Int>, parent :: Pid) do
  let r = Job.await(job)
  send(parent, "checker saw #{r}")
end

fn main() do
  let j = Job.async(fn -> 6 * 7 end)
  println("main saw #{Job.await(j)}")
  spawn(checker, j, self())
  receive do
    text -> println(text)
  end
end
