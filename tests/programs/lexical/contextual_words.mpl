fn main() do
  let from = 1
  let deriving = 2
  let cluster = 3
  let table = 4
  let strategy = 5
  let child = 6
  let start = 7
  let restart = 8
  let clustered = 9
  println("#{from + deriving + cluster + table + strategy + child + start + restart + clustered}")
end
