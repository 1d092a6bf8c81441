##! Module doc comment
## Doc comment for main
# plain comment
fn main() do
  # comment inside a block
  let a = 1 # trailing comment
  ## doc comment inside a block
  let b = a + 2 ##! module-doc style, still just a comment

  println("#{a} #{b}") # after a call
  println("# not a comment")
end
# final comment