fn main() do
  let none :: List<String> = []
  println("[#{String.join(none, ",")}]")
  println("[#{String.join(["a"], ", ")}]")
  println("[#{String.join(["a", "b", "c"], ", ")}]")
  println("[#{String.join(["", ""], "-")}]")
  println("[#{String.join(["x", "y"], "")}]")
  println("[#{String.join(["ü", "ß"], "→")}]")
end
