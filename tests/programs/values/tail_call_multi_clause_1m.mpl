fn count(0, acc) = acc
fn count(n, acc) = count(n - 1, acc + 2)

fn main() do
  println("#{count(1000000, 0)}")
end
