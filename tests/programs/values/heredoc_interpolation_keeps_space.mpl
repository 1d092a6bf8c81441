fn main() do
  let a = "x"
  let b = "y"
  let text = """
    #{a} #{b}
      indented #{a}
    """
  println(text)
  println("done")
end
