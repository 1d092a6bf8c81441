actor idle() do
  receive do
    n -> println("#{n + 0}")
  end
end

supervisor BadSup do
  strategy: one_for_some

  child worker do
    start: fn -> spawn(idle) end
  end
end

fn main() do
  spawn(BadSup)
end
