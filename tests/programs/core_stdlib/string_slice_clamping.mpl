fn main() do
  let w = "Grüße"
  println("[#{String.slice(w, 1, 3)}] [#{String.slice(w, 0, 5)}] [#{String.slice(w, 2, 2)}]")
  println("[#{String.slice(w, -2, 2)}] [#{String.slice(w, 3, 100)}] [#{String.slice(w, 4, 2)}]")
  println("[#{String.slice(w, -5, -1)}] [#{String.slice(w, 10, 20)}] [#{String.slice("", 0, 1)}]")
  println("[#{String.slice("日本語", 1, 2)}]")
end
