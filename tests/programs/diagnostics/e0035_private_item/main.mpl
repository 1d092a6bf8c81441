from Tools import secret

fn main() do
  println("#{secret(1)}")
end
