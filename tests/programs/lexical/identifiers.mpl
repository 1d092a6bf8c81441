fn main() do
  let größe = 5
  let 名前 = "Ada"
  let _private = 1
  let x1_y2 = 2
  let abc = 10
  let aBc = 20
  let _ = 99
  println("#{größe} #{名前} #{_private + x1_y2} #{abc} #{aBc}")
end
