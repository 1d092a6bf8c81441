fn main() do
  println(Json.encode_string("tab\there"))
  println(Json.encode_string("line\nbreak\rcr"))
  println(Json.encode_string("quote\" back\\ slash/"))
  println(Json.encode_string("nul\0end"))
  println(Json.encode_string("ünï ✓ 😀"))
  println(Json.encode_string(""))
end
