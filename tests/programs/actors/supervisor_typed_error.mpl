supervisor BadSup do
  strategy: one_for_one

  child worker do
    start: fn -> 42 end
  end
end

fn main() do
  spawn(BadSup)
  println("should not compile")
end
