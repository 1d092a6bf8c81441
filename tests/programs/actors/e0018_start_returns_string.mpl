supervisor BadSup do
  child worker do
    start: fn -> "worker" end
  end
end

fn main() do
  spawn(BadSup)
end
