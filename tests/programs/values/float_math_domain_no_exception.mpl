fn main() do
  println("#{Math.sqrt(-1.0)} #{Math.pow(-8.0, 0.5)} #{Math.pow(0.0, -1.0)} #{Math.pow(2.0, 10.0)}")
end
