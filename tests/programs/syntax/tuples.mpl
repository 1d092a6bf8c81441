fn divmod(a :: Int, b :: Int) -> (Int, Int) = (a / b, a % b)

fn main() do
  let t = (1, "a", true)
  let u = (1, 2, 3,)
  let unit = ()
  let g = (5)
  let g2 = (5,)
  println("#{t} #{u} #{unit} #{g} #{g2}")
  let (q, r) = divmod(17, 5)
  println("#{q} #{r}")
  let (a, (b, _)) = (1, (2, 3))
  let (_, second) :: (Int, String) = (9, "nine")
  println("#{a} #{b} #{second}")
  println("#{Tuple.first(t)} #{Tuple.size(u)}")
end
