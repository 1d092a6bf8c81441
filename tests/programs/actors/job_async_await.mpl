fn compute() -> Int do
  6 * 7
end

fn main() do
  let job = Job.async(fn -> compute() end)
  case Job.await(job) do
    Ok(v) -> println("#{v}")
    Err(why) -> println("failed: #{why}")
  end
end
