interface Pretty do
  fn to_string(self) -> String
end

impl Pretty for Int do
  fn to_string(self) -> String do
    "pretty"
  end
end

fn main() do
  println(5.to_string())
end
