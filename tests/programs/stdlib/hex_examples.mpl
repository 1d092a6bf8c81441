fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(s) -> "Ok(#{s})"
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(Hex.encode("hi"))
  println(Hex.encode("é"))
  println("[#{Hex.encode("")}]")
  println(show(Hex.decode("6869")))
  println(show(Hex.decode("C3A9")))
  println(show(Hex.decode("c3A9")))
  println(show(Hex.decode("")))
  println(show(Hex.decode("686")))
  println(show(Hex.decode("68 69")))
  println(show(Hex.decode("0x68")))
  println(show(Hex.decode("+6")))
  println(show(Hex.decode("6g")))
  println(show(Hex.decode("éé")))
  println(show(Hex.decode("ff")))
  println(show(Hex.decode("c3")))
  println(show(hex_decode(hex_encode("✓ ok"))))
end
