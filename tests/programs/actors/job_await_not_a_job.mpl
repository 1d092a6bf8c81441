actor idle() do
  receive do
    n -> println("#{n + 0}")
  end
end

fn main() do
  let p = spawn(idle)
  println("#{Job.await(p)}")
end
