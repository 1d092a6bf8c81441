fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(s) -> "Ok(#{s})"
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(Base64.encode("hello"))
  println(Base64.encode_url("hello"))
  println(Base64.encode("??>"))
  println(Base64.encode_url("??>"))
  println("[#{Base64.encode("")}] [#{Base64.encode_url("")}]")
  println(Base64.encode("é✓"))
  println(show(Base64.decode("not valid base64!!")))
  println(show(Base64.decode("aGVsbG8=")))
  println(show(Base64.decode("aGVsbG8")))
  println(show(Base64.decode("aGVsbG9=")))
  println(show(Base64.decode("")))
  println(show(Base64.decode("aGVsbA==")))
  println(show(Base64.decode("aGVsbA")))
  println(show(Base64.decode("aGVsbA=")))
  println(show(Base64.decode("aGVsbA===")))
  println(show(Base64.decode("aGV=sbA=")))
  println(show(Base64.decode("aGVsb")))
  println(show(Base64.decode("aGVs bG8=")))
  println(show(Base64.decode("aGVs\nbG8=")))
  println(show(Base64.decode("Pz8-")))
  println(show(Base64.decode("Pz8+")))
  println(show(Base64.decode("/w==")))
  println(show(base64_decode(base64_encode("round trip ✓"))))
end
