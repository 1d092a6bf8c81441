fn slow_value() -> Int do
  Timer.sleep(300)
  7
end

fn main() do
  let j = Job.async(fn -> slow_value() end)
  case Job.await_timeout(j, 20) do
    Ok(v) -> println("early #{v}")
    Err(why) -> println("first wait: #{why}")
  end
  case Job.await(j) do
    Ok(v) -> println("finally #{v}")
    Err(why) -> println("failed: #{why}")
  end
end
