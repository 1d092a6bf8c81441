fn main() do
  let a = Some(1)
  let two = Some(2)
  let n :: Int? = None
  println("#{a == Some(1)} #{a != two} #{n == None} #{a == n}")
  println("#{a < n} #{a < two} #{n > a} #{compare(two, a)}")
  let ok :: Result<Int, String> = Ok(5)
  let err :: Result<Int, String> = Err("x")
  let err_a :: Result<Int, String> = Err("a")
  println("#{ok < err} #{ok == Ok(5)} #{err_a < err} #{err != err_a}")
end
