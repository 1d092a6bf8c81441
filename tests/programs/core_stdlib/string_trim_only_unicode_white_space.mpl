fn main() do
  let nel = " a "
  println("[#{String.trim(nel)}]")
  let ctl = "b"
  println("#{String.length(ctl)} #{String.length(String.trim(ctl))}")
  let bom = "﻿c﻿"
  println("#{String.length(String.trim(bom))}")
  let mixed = "    d　 "
  println("[#{String.trim(mixed)}]")
end
