type Light do
  Red
  Green
end deriving(Eq, Display)

impl Display for Light do
  fn to_string(self) -> String do
    "light"
  end
end

fn main() do
  println("#{Red}")
end
