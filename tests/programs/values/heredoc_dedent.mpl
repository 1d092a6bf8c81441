fn main() do
  let t = """
    one
      two
    three
    """
  println(t)
  println("end")
  let q = """a "b" c"""
  println(q)
end
