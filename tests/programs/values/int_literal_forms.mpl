fn main() do
  println("#{1_000_000} #{0xFF} #{0b1010} #{0o777} #{0Xff_ff}")
end
