fn nothing() do
end

fn last_expr() do
  let a = 1
  a + 1
end

fn main() do
  println("#{nothing()} #{last_expr()}")
end
