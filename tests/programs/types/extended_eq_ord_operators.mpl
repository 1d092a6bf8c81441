fn main() do
  let o :: Int? = None
  let t1 = (1, true)
  let t2 = (1, false)
  println("#{o == None} #{t1 != t2} #{t2 < t1} #{false < true} #{:a == :b}")
end
