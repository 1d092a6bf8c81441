fn logged(xs :: List<Int>, tag :: String) do
  Iter.from(xs) |> Iter.map(fn x do
    println("#{tag} #{x}")
    x
  end)
end

fn main() do
  let out = Iter.from([1, 2, 3]) |> Iter.map(fn x do
    println("map #{x}")
    x * 2
  end) |> Iter.filter(fn y do
    println("filter #{y}")
    y != 4
  end)
  println("built")
  println("#{List.collect(out)}")
  let window = logged([1, 2, 3, 4, 5], "pull") |> Iter.skip(1) |> Iter.take(2)
  println("built window")
  println("sum #{Iter.sum(window)}")
  println("any #{Iter.any(logged([1, 2, 3], "a"), fn x -> x == 2 end)}")
  println("all #{Iter.all(logged([1, 2, 3], "b"), fn x -> x < 2 end)}")
  println("find #{Iter.find(logged([5, 6, 7], "f"), fn x -> x > 5 end)}")
  let z = Iter.zip(logged([1, 2], "left"), logged([7, 8, 9], "right"))
  println("zip #{List.collect(z)}")
  let z2 = Iter.zip(logged([1, 2, 3], "l"), logged([7], "r"))
  println("zip2 #{List.collect(z2)}")
  println("take0 #{List.collect(Iter.take(logged([1], "t"), 0))}")
end
