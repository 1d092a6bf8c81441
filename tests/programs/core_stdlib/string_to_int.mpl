fn show(s :: String) -> String do
  case String.to_int(s) do
    Some(n) -> "Some(#{n})"
    None -> "None"
  end
end

fn main() do
  println("#{show("42")} #{show(" 42 ")} #{show("+7")} #{show("-13")} #{show("007")} #{show("\t5\n")}")
  println("#{show("")} #{show("   ")} #{show("+")} #{show("-")} #{show("+-5")} #{show("1 2")}")
  println("#{show("1_000")} #{show("0x1F")} #{show("12a")} #{show("1.0")} #{show("٣")} #{show("１２")}")
  println("#{show("9223372036854775807")} #{show("-9223372036854775808")}")
  println("#{show("9223372036854775808")} #{show("-9223372036854775809")} #{show("99999999999999999999")}")
  println("#{String.to_int("5")} #{String.to_int("x")}")
end
