# Spec 06 §3.6: a field type outside String/Int/Float/Bool/Option of those is E0039.
struct Post do
  title :: String
  tags :: List<String>
end deriving(Row)

fn main() do
  println("unreachable")
end
