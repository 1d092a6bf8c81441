# receive in an ordinary function reads the mailbox of the process running it.
fn next_word() -> String do
  receive do
    w -> w
  end
end

actor speaker() do
  let a = next_word()
  let b = next_word()
  println("#{a} #{b}")
end

fn main() do
  let s = spawn(speaker)
  send(s, "hello")
  send(s, "world")
end
