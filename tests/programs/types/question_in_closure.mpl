fn main() do
  let f = fn o do
    let v = o?
    Some(v * 2)
  end
  let r1 = f(Some(4))
  let r2 = f(None)
  println("#{r1} #{r2}")
end
