fn main() do
  println(String.from(3.0) <> "|" <> String.from(-2) <> "|" <> String.from(false) <> "|" <> String.from(0.1 + 0.2))
  println(String.from(1.0 / 0.0) <> "|" <> String.from(0.0 / 0.0))
  println(String.from([1, 2]) <> "|" <> String.from("abc") <> "|" <> String.from(Some(4)))
  println(String.from(%{"a" => [1]}) <> "|" <> String.from((1, "x")))
end
