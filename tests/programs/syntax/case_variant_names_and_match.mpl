type Color do
  Red
  Green
  Blue
end

fn is_none(o :: Option<Int>) -> String do
  case o do
    None -> "none"
    x -> "got #{x}"
  end
end

fn temp(c :: Color) -> String do
  match c do
    Red | Green -> "warm"
    Blue -> "cool"
  end
end

fn main() do
  println("#{is_none(Some(3))} #{is_none(None)}")
  println("#{temp(Red)} #{temp(Green)} #{temp(Blue)}")
end
