fn main() do
  let kept = """first
    second
    """
  println(kept)
  let dropped = """   
    only
    """
  println(dropped)
end
