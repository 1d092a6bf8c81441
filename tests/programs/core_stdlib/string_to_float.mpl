fn show(s :: String) -> String do
  case String.to_float(s) do
    Some(f) -> "Some(#{f})"
    None -> "None"
  end
end

fn main() do
  println("#{show("3.5")} #{show(" 1. ")} #{show(".5")} #{show("1e5")} #{show("-.5e-3")} #{show("5")}")
  println("#{show("+2.25")} #{show("-0.0")} #{show("1.5e+2")} #{show("\t0.1\n")} #{show("007.50")}")
  println("#{show("inf")} #{show("Infinity")} #{show("INF")} #{show("nan")} #{show("NaN")} #{show("iNfInItY")}")
  println("#{show(".")} #{show("e5")} #{show("1_0.5")} #{show("0x1p3")} #{show("")} #{show("  ")}")
  println("#{show("1e")} #{show("1.2.3")} #{show("abc")} #{show("٣.5")} #{show("1e5.5")} #{show("+")}")
  println("#{show("1e400")} #{show("-1e400")} #{show("1e-400")}")
  println("#{String.to_float("2.5")} #{String.to_float("x")}")
end
