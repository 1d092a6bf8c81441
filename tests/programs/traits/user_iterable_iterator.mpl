# Spec 02 §11 / 03 B9: user `Iterable` and `Iterator` impls drive `for`, comprehensions,
# the Iter functions and the collectors (issue 19: "is not iterable" before).
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

struct Stack<T> do
  items :: List<T>
end

impl Iterable for Stack do
  type Item = T
  type Iter = ListIterator
  fn iter(self) -> ListIterator do
    Iter.from(List.reverse(self.items))
  end
end

# An Iterator over a stateful source: `next` pulls from the wrapped iterator.
struct Countdown do
  source :: ListIterator
end

impl Iterator for Countdown do
  type Item = Int
  fn next(self) -> Option<Int> do
    self.source.next()
  end
end

# An Iterable whose `iter` returns a user Iterator.
struct Launch do
  from :: Int
end

impl Iterable for Launch do
  type Item = Int
  type Iter = Countdown
  fn iter(self) -> Countdown do
    Countdown { source: Iter.from(List.reverse(for i in 1..self.from + 1 do i end)) }
  end
end

fn main() do
  let bag = Bag { items: [1, 2, 3, 4] }
  for x in bag do
    println("item #{x}")
  end
  let tens = for x in bag when x % 2 == 0 do
    x * 10
  end
  println("#{tens}")
  println("#{Iter.sum(bag)} #{Iter.count(bag)} #{List.collect(Iter.map(bag, fn x -> x + 1 end))}")
  let big = Iter.from(bag) |> Iter.filter(fn x -> x > 2 end) |> List.collect()
  println("#{List.collect(bag)} #{big} #{Set.collect(bag) |> Set.size()}")
  println("#{Iter.any(bag, fn x -> x == 3 end)} #{Iter.find(bag, fn x -> x > 9 end)}")
  let words = Stack { items: ["a", "b", "c"] }
  for w in words do
    println(w)
  end
  println(String.collect(words))
  for n in Countdown { source: Iter.from([5, 4]) } do
    println("count #{n}")
  end
  let launch = for n in Launch { from: 3 } do
    "#{n}"
  end
  println(String.join(launch, ", ") <> ", liftoff")
  let pairs = Iter.zip(Iter.from(["x", "y"]), bag) |> List.collect()
  println("#{pairs}")
end
