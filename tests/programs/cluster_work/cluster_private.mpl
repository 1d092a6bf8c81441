# Spec 07 §11.5: a private `@cluster` target is an invalid clustered declaration.
@cluster(3) fn warm_cache() -> Int do
  40 + 2
end

fn main() do
  println("unreachable")
end
