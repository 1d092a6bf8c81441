fn show(n :: Int) -> String do
  "#{n}"
end

fn main() do
  println(show(Ghost { n: 1 }.n))
end
