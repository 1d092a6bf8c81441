# self() is valid everywhere: main, job functions, service handlers.
service WhoAmI do
  fn init() -> Int do
    0
  end

  call Me() :: Pid do |n|
    (n, self())
  end
end

fn main_pid_text() -> String do
  "#{self()}"
end

fn main() do
  println("main: #{main_pid_text()}")
  let job = Job.async(fn -> self() end)
  case Job.await(job) do
    Ok(p) -> println("job self is the job pid: #{p == job}")
    Err(why) -> println("job failed: #{why}")
  end
  let svc = WhoAmI.start()
  let inside = WhoAmI.me(svc)
  println("service self is the service pid: #{inside == svc}")
end
