from List import zip, enumerate, flatten
from Map import put, keys
from Set import union, to_list

fn main() do
  println("#{zip([1, 2], ["a", "b"])} #{enumerate(["q"])} #{flatten([[1], [2]])}")
  let m = put(put(Map.new(), "k", 1), "j", 2)
  println("#{keys(m)}")
  let s = union(Set.from_list([1]), Set.from_list([2, 1]))
  println("#{to_list(s)}")
end
