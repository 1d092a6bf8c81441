fn pick(0) -> String do
  "zero"
end
pub fn pick(n) -> String do
  "#{n}"
end

fn main() do
  println(pick(0) <> " " <> pick(5))
end
