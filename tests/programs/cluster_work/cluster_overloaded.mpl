# Spec 07 §11.5: a clustered work entrypoint is not overloaded.
@cluster pub fn sync() do
  println("all")
end

pub fn sync(n :: Int) do
  println("some ${n}")
end

fn main() do
  println("unreachable")
end
