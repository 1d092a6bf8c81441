fn main() do
  let a = "x"
  let b = "y"
  let lines = """
    #{a}
    ${b}
    """
  println(lines)
  let spaced = """
    #{a} #{b}
    """
  println("[#{spaced}]")
  let inner = "p\n      q"
  let kept = """
    start #{inner}   tail
    end
    """
  println(kept)
end
