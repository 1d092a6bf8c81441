fn main() do
  let f = false
  let t = true
  println("#{f < t} #{t < f} #{t >= f} #{f <= f} #{compare(t, f)} #{t == t}")
end
