fn main() do
  let nan = 0.0 / 0.0
  println("#{Math.abs(-5)} #{Math.abs(5)} #{Math.abs(-2.5)} #{Math.abs(-9223372036854775807 - 1)}")
  println("#{Math.min(3, -4)} #{Math.max(3, -4)} #{Math.min(1.5, 2.5)} #{Math.max(1.5, 2.5)}")
  println("#{Math.min(nan, 1.0)} #{Math.min(1.0, nan)} #{Math.max(nan, 2.0)} #{Math.max(2.0, nan)}")
  println("#{Math.pi}")
  println("#{Math.sqrt(16.0)} #{Math.sqrt(-4.0)} #{Math.sqrt(0.0)}")
  println("#{Math.pow(2.0, 0.5) == Math.sqrt(2.0)} #{Math.pow(-8.0, 1.0 / 3.0)} #{Math.pow(10.0, 400.0)} #{Math.pow(0.0, 0.0)}")
  println("#{Int.to_float(7)} #{Float.from(-3)} #{Int.to_string(-17)} #{Int.to_float(9007199254740993)}")
end
