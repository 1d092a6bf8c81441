fn main() do
  let e = List.new()
  let a = List.append(e, 1)
  let b = List.append(a, 2)
  println("#{e} #{a} #{b} #{List.length(e)} #{List.length(b)}")
  let c = List.concat(b, [3, 4])
  println("#{c} #{b ++ [9]} #{List.concat(e, [5])} #{List.concat([6], e)} #{b}")
  println("#{List.reverse(c)} #{List.reverse(e)} #{List.reverse([7])} #{c}")
  println("#{List.append(["x"], "y")} #{List.length([[1, 2], [3]])}")
end
