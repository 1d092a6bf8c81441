type Celsius = Float

fn warm(t :: Celsius) -> Bool do
  t > 20.0
end

fn main() do
  let t :: Celsius = 25.5
  println("#{warm(t)} #{warm(10.0)}")
end
