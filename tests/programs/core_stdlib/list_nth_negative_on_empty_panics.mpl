fn main() do
  let e :: List<Int> = []
  println("len #{List.length(e)}")
  println("#{List.nth(e, -2)}")
end
