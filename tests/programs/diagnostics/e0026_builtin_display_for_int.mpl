impl Display for Int do
  fn to_string(self) -> String do
    "int"
  end
end

fn main() do
  println(5.to_string())
end
