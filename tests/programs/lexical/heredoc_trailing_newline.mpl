fn main() do
  let s = """
    a

    """
  print(s)
  println("|")
  let t = """
    b
    """
  print(t)
  println("|")
end
