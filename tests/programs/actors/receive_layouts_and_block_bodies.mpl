actor calc(parent :: Pid) do
  let a = receive do
    n -> n * 2
  after 1000 -> 0 end
  let b = receive do
    n -> do
      let doubled = n * 2
      doubled + 1
    end
  after 1000 -> 0
  end
  send(parent, "#{a} #{b}")
end

fn main() do
  let c = spawn(calc, self())
  send(c, 5)
  send(c, 10)
  receive do
    text -> println(text)
  end
end
