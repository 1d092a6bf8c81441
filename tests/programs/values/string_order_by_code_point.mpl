fn main() do
  let apple = "apple"
  let banana = "banana"
  let upper = "Z"
  let lower = "a"
  let e_acute = "é"
  let z = "z"
  let ab = "ab"
  let abc = "abc"
  println("#{apple < banana} #{upper < lower} #{ab < abc} #{e_acute > z} #{abc == abc} #{compare(banana, apple)}")
end
