fn main() do
  let doc = "{\"a\":{\"b\":{\"c\":1},\"n\":null,\"s\":\"text\"},\"list\":[1],\"str\":\"x\"}"
  println("[#{Json.get_nested(doc, "a", "b")}]")
  println("[#{Json.get_nested(doc, "a", "s")}]")
  println("[#{Json.get_nested(doc, "a", "n")}]")
  println("[#{Json.get_nested(doc, "a", "missing")}]")
  println("[#{Json.get_nested(doc, "missing", "b")}]")
  println("[#{Json.get_nested(doc, "list", "0")}]")
  println("[#{Json.get_nested(doc, "str", "x")}]")
  println("[#{Json.get_nested("{broken", "a", "b")}]")
  println("[#{json_get_nested(doc, "a", "s")}]")
  println("[#{json_get(doc, "str")}]")
end
