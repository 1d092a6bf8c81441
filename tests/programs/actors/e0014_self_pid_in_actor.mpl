actor doubler() do
  receive do
    n -> println("#{n * 2}")
  end
  send(self(), "again")
end

fn main() do
  let d = spawn(doubler)
  send(d, 4)
end
