fn keep(n :: Int) -> Bool = n != 2

fn main() do
  let r = for x in [1, 2, 3] when keep(x) do
    x * 10
  end
  println("#{r}")
end
