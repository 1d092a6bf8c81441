struct Percent do
  value :: Int
end deriving(Display)

impl TryFrom<Int> for Percent do
  fn try_from(n :: Int) -> Result<Percent, String> do
    if n >= 0 and n <= 100 do
      Ok(Percent { value: n })
    else
      Err("out of range: #{n}")
    end
  end
end

fn show(r :: Result<Percent, String>) -> String do
  case r do
    Ok(p) -> "ok #{p}"
    Err(e) -> "err #{e}"
  end
end

fn half(n :: Int) -> Result<Int, String> do
  let p :: Percent = n.try_into()?
  Ok(p.value / 2)
end

fn main() do
  println(show(Percent.try_from(5)))
  println(show(Percent.try_from(-1)))
  let q :: Result<Percent, String> = 50.try_into()
  println(show(q))
  println("#{half(80)} #{half(200)}")
end
