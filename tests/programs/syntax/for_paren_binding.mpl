fn main() do
  for (a, b) in [(1, 2)] do
    println("#{a} #{b}")
  end
end
