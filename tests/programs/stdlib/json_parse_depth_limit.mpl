fn nest(n :: Int, acc :: String) -> String do
  if n == 0 do
    acc
  else
    nest(n - 1, "[" <> acc <> "]")
  end
end

fn kind(text :: String) -> String do
  case Json.parse(text) do
    Ok(_) -> "Ok"
    Err(e) -> if String.starts_with(e, "recursion limit exceeded") do
      "Err recursion"
    else
      "Err other: #{e}"
    end
  end
end

fn main() do
  println(kind(nest(1, "")))
  println(kind(nest(128, "")))
  println(kind(nest(129, "")))
  println(kind(nest(5000, "")))
end
