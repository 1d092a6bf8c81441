# Function colouring: only functions that may suspend (receive, sends to services,
# sleeps) become `async def`; pure helpers stay plain `def`.
fn double(n :: Int) -> Int do
  n * 2
end

fn wait_for_number() -> Int do
  receive do
    n -> double(n)
  end
end

fn main() do
  send(self(), 21)
  println("#{wait_for_number()}")
  println("#{double(4)}")
end
