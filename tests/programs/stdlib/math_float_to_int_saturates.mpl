fn main() do
  let nan = 0.0 / 0.0
  let inf = 1.0 / 0.0
  println("#{Float.to_int(3.99)} #{Float.to_int(-2.7)} #{Float.to_int(0.0)}")
  println("#{Float.to_int(nan)} #{Float.to_int(inf)} #{Float.to_int(0.0 - inf)}")
  println("#{Float.to_int(1.0e19)} #{Float.to_int(-1.0e19)}")
  println("#{Math.round(nan)} #{Math.floor(inf)} #{Math.ceil(0.0 - inf)}")
  println("#{Math.round(1.0e300)}")
end
