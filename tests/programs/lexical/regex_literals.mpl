fn main() do
  let word = ~r/^[a-z]+\/\d$/im
  let any = ~r/a.b/s
  let plain = ~r/x/
  println("regexes built")
end
