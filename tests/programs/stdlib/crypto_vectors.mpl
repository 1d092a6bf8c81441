fn main() do
  println(Crypto.sha256("hello"))
  println(Crypto.sha512("hello"))
  println(Crypto.hmac_sha256("Jefe", "what do ya want for nothing?"))
  println(Crypto.hmac_sha512("Jefe", "what do ya want for nothing?"))
  println(Crypto.sha256(""))
  println(Crypto.hmac_sha256("", ""))
  println("#{String.length(Crypto.sha512(""))}")
  println(crypto_sha256("abc"))
end
