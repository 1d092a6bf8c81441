import String
from String import length, split
from List import reverse

fn main() do
  println("#{length("abc")} #{split("a b", " ")} #{String.length("xy")}")
  println("#{reverse([1, 2, 3])}")
end
