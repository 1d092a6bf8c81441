fn pick(0) = 1
fn pick(1) = 2

fn main() do
  println("#{pick(0)}")
end
