fn main() do
  println("#{0} #{42} #{1_000_000}")
  println("#{0xFF} #{0Xff_ff} #{0b1010} #{0o777}")
  println("#{0b1111_0000} #{0x7FFF_FFFF_FFFF_FFFF}")
  println("#{1__0 + 0}")
end
