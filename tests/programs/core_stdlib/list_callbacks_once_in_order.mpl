fn main() do
  let xs = [1, 2, 3, 4]
  let m = List.map(xs, fn x do
    println("map #{x}")
    x
  end)
  let f = List.filter(xs, fn x do
    println("filter #{x}")
    x > 2
  end)
  let r = List.reduce(xs, 0, fn(acc, x) do
    println("reduce #{acc} #{x}")
    acc + x
  end)
  println("#{m} #{f} #{r}")
  let a = List.any(xs, fn x do
    println("any #{x}")
    x == 2
  end)
  let b = List.all(xs, fn x do
    println("all #{x}")
    x < 2
  end)
  println("#{a} #{b}")
end
