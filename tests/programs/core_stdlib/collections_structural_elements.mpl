struct P do
  x :: Int
  y :: Int
end

type Color do
  Red
  Rgb(Int, Int, Int)
end

fn main() do
  let m = Map.put(Map.put(Map.new(), P { x: 1, y: 2 }, "a"), P { x: 1, y: 2 }, "b")
  println("#{Map.size(m)} #{Map.get(m, P { x: 1, y: 2 })} #{Map.has_key(m, P { x: 2, y: 1 })}")
  let s = Set.from_list([Rgb(1, 2, 3), Red, Rgb(1, 2, 3), Red])
  println("#{Set.size(s)} #{Set.contains(s, Rgb(1, 2, 3))} #{Set.contains(s, Rgb(3, 2, 1))}")
  let opts = Set.from_list([Some(1), None, Some(1), None, Some(2)])
  println("#{opts}")
  println("#{List.contains([P { x: 0, y: 0 }], P { x: 0, y: 0 })} #{List.contains([[Some("a")]], [Some("a")])}")
  let q = Queue.push(Queue.new(), P { x: 5, y: 6 })
  println("#{Queue.peek(q).x} #{Queue.size(q)}")
  let counts = List.reduce(["b", "a", "b", "c", "b"], Map.new(), fn(acc, w) do
    if Map.has_key(acc, w) do
      Map.put(acc, w, Map.get(acc, w) + 1)
    else
      Map.put(acc, w, 1)
    end
  end)
  println("#{counts}")
end
