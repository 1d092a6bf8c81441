fn main() do
  println("bom ok")
end
