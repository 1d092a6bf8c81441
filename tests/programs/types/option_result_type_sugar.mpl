fn main() do
  let a :: Int!String? = Err(None)
  let b :: Int!String? = Err(Some("bad"))
  let c :: List<Int>? = Some([1])
  let d :: Int?!String = Ok(Some(2))
  let e :: Int?!String = Ok(None)
  println("#{a} #{b} #{c} #{d} #{e}")
end
