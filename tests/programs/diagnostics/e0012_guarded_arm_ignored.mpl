type Light do
  Red
  Amber
  Green
end

fn go(l :: Light, hurry :: Bool) -> Bool do
  case l do
    Red when hurry -> true
    Amber -> false
    Green -> true
  end
end

fn main() do
  println("#{go(Red, true)}")
end
