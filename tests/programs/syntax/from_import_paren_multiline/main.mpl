from Calc.Ops import (
  add,
  mul,
)

fn main() do
  println("#{add(2, 3)} #{mul(2, 3)}")
end
