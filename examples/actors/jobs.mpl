# Spec 04 §18 (jobs): `Job.async` runs a function in its own process;
# `Job.await_timeout` waits for its result (or a timeout/crash as `Err`);
# `Job.map` runs one job per element and collects the results in order.
#
# Prints `got 144` then `3`.

fn square(n :: Int) -> Int do
  n * n
end

fn main() do
  let job = Job.async(fn() -> square(12) end)
  case Job.await_timeout(job, 1000) do
    Ok(v) -> println("got #{v}")
    Err(why) -> println("failed: #{why}")
  end
  let results = Job.map([1, 2, 3], fn(x) -> x * 10 end)
  println("#{List.length(results)}")
end
