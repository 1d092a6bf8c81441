import Util

fn main() do
  println(Util.name())
end
