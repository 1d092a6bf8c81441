actor classifier() do
  let label = receive do
    n when n < 0 -> "negative #{n}"
    0 -> "zero"
    n when n > 100 -> "big #{n}"
    n -> "small #{n}"
  end
  println(label)
  classifier()
end

fn main() do
  let c = spawn(classifier)
  send(c, -4)
  send(c, 0)
  send(c, 500)
  send(c, 7)
end
