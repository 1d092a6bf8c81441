fn main() do
  let s = """
  \tx
    y\n    z
    say "hi" and ""two""
    """
  println(s)
end
