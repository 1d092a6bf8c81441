fn main() do
  let a = :ok
  let b = :err
  println("#{a == :ok} #{a != b} #{a == b}")
end
