fn label(s :: String) -> String do
  case s do
    w when String.length(w) > 5 -> "long"
    w when String.starts_with(w, "a") or w == "zz" -> "a-word or zz"
    _ -> "short"
  end
end

fn main() do
  println("#{label("elephant")} #{label("ant")} #{label("zz")} #{label("cat")}")
  let n = case 5 do
    1 -> "one"
    _ -> "many"
  end |> String.length()
  println("#{n}")
end
