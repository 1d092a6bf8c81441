fn main() do
  let s = """
      alpha
    beta"""
  println(s)
  println("[#{s}]")
end
