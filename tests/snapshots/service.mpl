# A service: generated start/call/cast client functions around a state.
service Stack do
  fn init() -> List<Int> do
    []
  end

  cast Push(n :: Int) do |items|
    List.append(items, n)
  end

  call Size() :: Int do |items|
    (items, List.length(items))
  end
end

fn main() do
  let s = Stack.start()
  Stack.push(s, 1)
  Stack.push(s, 2)
  println("size #{Stack.size(s)}")
end
