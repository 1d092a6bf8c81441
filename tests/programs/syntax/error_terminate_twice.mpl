actor worker() do
  receive do
    _ -> println("x")
  end
  terminate do
    println("a")
  end
  terminate do
    println("b")
  end
end

fn main() do
  println("x")
end
