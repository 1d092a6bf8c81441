fn show(text :: String) -> String do
  case Json.parse(text) do
    Ok(j) -> Json.encode(j)
    Err(e) -> "Err"
  end
end

fn main() do
  println(show("-0"))
  println(show("0"))
  println(show("1e2"))
  println(show("1.0"))
  println(show("0.1"))
  println(show("-12"))
  println(show("9223372036854775807"))
  println(show("-9223372036854775808"))
  println(show("9223372036854775808"))
  println(show("1E+2"))
  println(show("2.5e-3"))
  println(show("1e16"))
  println(show("1e15"))
  println(show("123456789012345678901234567890"))
  println(show("1e-7"))
  println(show("0.30000000000000004"))
  println(show("5e-324"))
  println(show("[95.5, 12345.678, 0.0001, 0.00001, 1e-6, 1.5e-7, 1.2345678901234568e20]"))
end
