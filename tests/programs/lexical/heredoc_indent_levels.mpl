fn main() do
  let s = """
      one

     two
        three
      """
  println(s)
  println("#{String.length(s)}")
end
