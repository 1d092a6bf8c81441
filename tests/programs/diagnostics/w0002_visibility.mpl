fn pick(0) = "zero"
pub fn pick(n) = "#{n}"

fn main() do
  println(pick(0) <> " " <> pick(5))
end
