fn main() do
  let w = "Grüße"
  println("#{String.length(w)} #{String.slice(w, 1, 3)}")
  let e = "a😀b"
  println("#{String.length(e)} #{String.slice(e, 1, 2)}")
end
