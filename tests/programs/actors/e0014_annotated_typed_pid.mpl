actor echo() do
  receive do
    text -> println(text)
  end
end

fn main() do
  let p :: Pid<String> = spawn(echo)
  send(p, true)
end
