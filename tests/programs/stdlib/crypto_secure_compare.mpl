fn main() do
  println("#{Crypto.secure_compare("abc", "abc")}")
  println("#{Crypto.secure_compare("abc", "abd")}")
  println("#{Crypto.secure_compare("abc", "ab")}")
  println("#{Crypto.secure_compare("", "")}")
  println("#{Crypto.secure_compare("", "\0")}")
  println("#{Crypto.secure_compare("é", "é")}")
  println("#{crypto_secure_compare("x", "y")}")
end
