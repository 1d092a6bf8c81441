fn pick(1) = "one"
fn pick<T>(n) = "#{n}"

fn main() do
  println(pick(1) <> " " <> pick(2))
end
