fn main() do
  println(missing_thing)
end
