struct Point do
  x :: Int
  y :: Int
end deriving(Display)

fn main() do
  let s = "a,b,c"
  println("#{s.length()} #{s.split(",")} #{"Grüße".to_upper()} #{s.contains("b")} #{s.slice(0, 1)} #{"  t ".trim().length()}")
  let xs = [3, 1, 2]
  println("#{xs.length()} #{xs.map(fn x -> x * 2 end)} #{xs.filter(fn x -> x > 1 end)} #{xs.reverse()} #{xs.sort(fn(a, b) -> a - b end).head()}")
  println("#{xs.reduce(0, fn(a, x) -> a + x end)} #{xs.take(2).drop(1)} #{xs.contains(2)} #{[[1], [2]].flatten()}")
  let m = %{"a" => 1}
  println("#{m.has_key("a")} #{m.get("a")} #{m.put("b", 2).keys()} #{m.size()}")
  let st = Set.from_list([1, 2])
  println("#{st.contains(2)} #{st.add(3).size()} #{st.to_list()}")
  let r = 1..4
  println("#{r.length()} #{r.to_list()} #{r.map(fn x -> x + 1 end)}")
  let p = Point { x: 1, y: 2 }
  println("#{p.to_string().length()} #{42.to_string()} #{true.to_string()} #{3.5.to_string()} #{[1, 2].to_string()}")
end
