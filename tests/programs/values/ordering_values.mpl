fn main() do
  let x = "a"
  let y = "b"
  println("#{compare(1, 2)} #{compare(2, 2)} #{compare(3, 2)} #{compare(x, y)} #{compare([1], [1])}")
  println("#{Less < Equal} #{Equal < Greater} #{compare(1, 2) == Less} #{Greater == Less}")
end
