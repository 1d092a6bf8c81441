fn main() do
  println("before")
  panic("boom")
end
