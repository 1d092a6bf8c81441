# `for {k, v}` over a user Iterable whose items are not 2-tuples is a type error that says so.
struct Bag do
  items :: List<Int>
end

impl Iterable for Bag do
  type Item = Int
  type Iter = ListIterator
  fn iter(self) -> ListIterator do
    Iter.from(self.items)
  end
end

fn main() do
  for {a, b} in Bag { items: [1, 2] } do
    println("#{a} #{b}")
  end
end
