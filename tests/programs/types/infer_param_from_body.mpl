fn double(x) = x * 2
fn greet(name) = "hi " <> name
fn add(a, b) = a + b

fn main() do
  println("#{double(21)} #{greet("bo")} #{add(1, 2)} #{add(1.5, 2.0)}")
end
