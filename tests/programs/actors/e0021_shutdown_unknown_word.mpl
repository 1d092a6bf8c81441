actor idle() do
  receive do
    n -> println("#{n + 0}")
  end
end

supervisor BadSup do
  child worker do
    start: fn -> spawn(idle) end
    shutdown: forever
  end
end

fn main() do
  spawn(BadSup)
end
