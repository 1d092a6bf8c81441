fn run(f) = f()

fn main() do
  let v = run() do ||
    5
  end
  println("#{v}")
end
