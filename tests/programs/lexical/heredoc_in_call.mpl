fn main() do
  println("""
    inside call
      indented
    """)
end
