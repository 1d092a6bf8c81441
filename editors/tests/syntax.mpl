# SYNTAX TEST "source.mesh" "Mesh TextMate grammar: one assertion per construct"
#= a block comment #= nested =# still comment =#
# <- comment.block.mesh
#                               ^^^^^^^^^^^^^ comment.block.mesh
@cluster(3)
# <- storage.modifier.attribute.cluster.mesh
pub fn greet(name :: String) -> String do
# <- keyword.other.mesh
#   ^^ keyword.other.fn.mesh
#      ^^^^^ entity.name.function.mesh
#                    ^^^^^^ entity.name.type.mesh
#                            ^^ keyword.operator.mesh
  "hi #{name} and ${String.upcase(name)}!"
# ^^^^ string.quoted.double.mesh
#     ^^ punctuation.section.interpolation.begin.mesh
#       ^^^^ meta.interpolation.mesh
#           ^ punctuation.section.interpolation.end.mesh
#                 ^^ punctuation.section.interpolation.begin.mesh
#                   ^^^^^^ entity.name.type.mesh
#                                       ^ string.quoted.double.mesh
end
# <- keyword.control.mesh
fn main() do
  let sql = """
#           ^^^ string.quoted.triple.mesh
    SELECT * FROM t WHERE id = #{1 + 2}
#   ^^^^^^ string.quoted.triple.mesh
#                              ^^ punctuation.section.interpolation.begin.mesh
#                                ^ constant.numeric.integer.mesh
    """
#   ^^^ string.quoted.triple.mesh
  let word = ~r/^[a-z]+\/\d$/im
#            ^^^ punctuation.definition.string.begin.mesh
#               ^^^^^^^^^^^^ string.regexp.mesh
#                            ^^ keyword.other.regex-flags.mesh
  let status = :ok  # a trailing comment
#              ^^^ constant.other.symbol.mesh
#                   ^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.mesh
  let m = %{"a" => 1, "b" => 0xFF}
#                            ^^^^ constant.numeric.hex.mesh
  let escaped = "cost: \$9 \#{not interpolated}"
#                      ^^ constant.character.escape.mesh
#                          ^^ constant.character.escape.mesh
#                            ^^^^^^^^^^^^^^^^^^ string.quoted.double.mesh
  case status do
# ^^^^ keyword.control.mesh
    :ok -> println("#{nil} #{3.5e2}")
#   ^^^ constant.other.symbol.mesh
#                     ^^^ constant.language.mesh
#                            ^^^^^ constant.numeric.float.mesh
    _ -> [1, 2] |> List.map(fn x -> x * 2 end) |> length
#               ^^ keyword.operator.mesh
#                           ^^ keyword.other.mesh
  end
end
