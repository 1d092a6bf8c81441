struct Percent do
  value :: Int
end

impl TryFrom<Int> for Percent do
  fn try_from(n :: Int) -> Result<Percent, String> do
    if n >= 0 and n <= 100 do
      Ok(Percent { value: n })
    else
      Err("out of range")
    end
  end
end

fn main() do
  let p :: Result<Percent, String> = 250.try_into()
  case p do
    Ok(v) -> println("#{v.value}")
    Err(e) -> println(e)
  end
end
