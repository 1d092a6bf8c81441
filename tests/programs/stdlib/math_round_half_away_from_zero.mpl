fn main() do
  println("#{Math.round(0.5)} #{Math.round(2.5)} #{Math.round(-2.5)} #{Math.round(3.4)} #{Math.round(-0.4)} #{Math.round(1.5)}")
  println("#{Math.round(0.49999999999999994)} #{Math.round(4503599627370497.0)}")
  println("#{Math.floor(2.7)} #{Math.floor(-2.1)} #{Math.ceil(2.1)} #{Math.ceil(-2.7)} #{Math.floor(3.0)}")
  println("#{math_round(-1.5)}")
end
