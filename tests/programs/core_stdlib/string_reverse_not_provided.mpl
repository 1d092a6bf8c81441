fn main() do
  println(String.reverse("abc"))
end
