fn main() do
  let a = Some(42)
  let b :: Int? = None
  let c :: Result<String, String> = Ok("fine")
  let d :: Result<String, String> = Err("boom")
  println("#{a} #{b} #{c} #{d}")
  println("#{Less} #{Equal} #{Greater}")
  let t = (1, "a", true)
  println("#{t} #{()}")
  let opts = [Some(1), None]
  println("#{opts}")
  let nested :: Result<(Int, List<Float>), String>? = Some(Ok((2, [3.0])))
  println("#{nested}")
end
