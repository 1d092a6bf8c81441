from Calc.Ops import add,
  mul

fn main() do
  println("#{add(4, 5)} #{mul(4, 5)}")
end
