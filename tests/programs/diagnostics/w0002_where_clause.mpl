fn pick(1) = "one"
fn pick(n) where T: Eq = "#{n}"

fn main() do
  println(pick(1) <> " " <> pick(2))
end
