fn main() do
  let squares = for i in 0..5 do i * i end
  let odd = for i in 0..10 when i % 2 == 1 do i end
  let names = for s in ["a", "b"] do s <> "!" end
  let m = %{"x" => 1, "y" => 2}
  let pairs = for {k, v} in m do "#{k}=#{v}" end
  println("#{squares} #{odd} #{names} #{pairs}")
end
