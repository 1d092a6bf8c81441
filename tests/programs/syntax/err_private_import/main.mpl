from Util.Secrets import hidden

fn main() do
  println("#{hidden()}")
end
