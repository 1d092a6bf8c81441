struct Nothing do
end deriving(Hash)

fn main() do
  let one = 1
  let a = "a"
  let t = true
  let f = false
  println("#{one.hash()}")
  println("#{a.hash()}")
  println("#{t.hash()} #{f.hash()}")
  let e = Nothing {}
  println("#{e.hash()}")
end
