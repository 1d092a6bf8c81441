fn main() do
  let offset = 10
  let shifted = List.map([1, 2], fn v -> v + offset end)
  let names = List.map(shifted, fn v do
    let s = String.from(v)
    "n" <> s
  end)
  let pick = fn 1 -> "one" | _ -> "many" end
  println("#{names} #{pick(2)}")
end
