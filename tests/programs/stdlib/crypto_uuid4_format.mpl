fn main() do
  let a = Crypto.uuid4()
  let b = Crypto.uuid4()
  let shape = ~r/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
  println("#{String.length(a)}")
  println("#{Regex.is_match(shape, a)} #{Regex.is_match(shape, b)}")
  println("#{a == b}")
  println("#{Regex.is_match(shape, crypto_uuid4())}")
end
