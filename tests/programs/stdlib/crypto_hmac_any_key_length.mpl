fn main() do
  let long_key = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
  println("#{String.length(Crypto.hmac_sha256(long_key, "m"))}")
  println("#{String.length(Crypto.hmac_sha512("", "m"))}")
  println("#{Crypto.hmac_sha256("k", "m") == Crypto.hmac_sha256("k", "m ")}")
end
