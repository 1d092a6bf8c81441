# Spec 07 §11.5: `@cluster` work takes no parameters (or the legacy key/attempt pair).
@cluster pub fn resize(width :: Int) -> Int do
  width * 2
end

fn main() do
  println("unreachable")
end
