fn main() do
  let s = """a "b" c"""
  println(s)
  println("""x""")
end
