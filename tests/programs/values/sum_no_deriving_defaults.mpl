type Coin do
  Heads
  Tails
  Other(Int)
end

fn main() do
  let o = Other(3)
  println("#{o} #{Heads}")
  println("#{Heads < Tails} #{Other(1) < Other(2)} #{Tails < Other(0)} #{Heads == Heads} #{o != Other(3)}")
end
