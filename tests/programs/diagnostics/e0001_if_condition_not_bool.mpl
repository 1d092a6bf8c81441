fn main() do
  let n = 1
  if n do
    println("truthy")
  end
end
