pub struct PositiveInt do
  value :: Int
end

impl TryFrom<Int> for PositiveInt do
  fn try_from(n :: Int) -> Result<PositiveInt, String> do
    if n > 0 do
      Ok(PositiveInt { value: n })
    else
      Err("not positive: #{n}")
    end
  end
end

pub type Level do
  Low
  High
end

impl From<Int> for Level do
  fn from(n :: Int) -> Level do
    if n > 5 do High else Low end
  end
end
