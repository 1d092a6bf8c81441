fn kind(text :: String) -> String do
  case Json.parse(text) do
    Ok(j) -> "Ok #{j}"
    Err(_) -> "Err"
  end
end

fn main() do
  println(kind("NaN"))
  println(kind("Infinity"))
  println(kind("-Infinity"))
  println(kind("[NaN]"))
  println(kind("{\"a\":Infinity}"))
  println(kind("1e400"))
  println(kind("1.7976931348623157e308"))
end
