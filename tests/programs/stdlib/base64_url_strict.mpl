fn show(r :: Result<String, String>) -> String do
  case r do
    Ok(s) -> "Ok(#{s})"
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(show(Base64.decode_url("aGVsbG8")))
  println(show(Base64.decode_url("aGVsbG8=")))
  println(show(Base64.decode_url("Pz8-")))
  println(show(Base64.decode_url("Pz8+")))
  println(show(Base64.decode_url("")))
  println(show(Base64.decode_url("aGVsbG9")))
  println(show(Base64.decode_url("_w")))
  println(show(Base64.decode_url("a")))
  println(show(base64_decode_url(base64_encode_url("ü?>"))))
end
