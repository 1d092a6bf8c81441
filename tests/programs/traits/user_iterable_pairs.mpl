# Spec 02 §11 / issue 19: `for {k, v}` splits the 2-tuple items of a user Iterable or
# Iterator as it splits map entries, in `for` loops and comprehensions with a filter.
struct Scores do
  entries :: List<(String, Int)>
end

impl Iterable for Scores do
  type Item = (String, Int)
  type Iter = ListIterator
  fn iter(self) -> ListIterator do
    Iter.from(self.entries)
  end
end

# A generic container: its Item is the element type, a pair once instantiated.
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

# A user Iterator of pairs, driven directly.
struct Ranked do
  source :: ListIterator
end

impl Iterator for Ranked do
  type Item = (Int, String)
  fn next(self) -> Option<(Int, String)> do
    self.source.next()
  end
end

fn total(scores :: Scores) -> Int do
  let parts = for {_, points} in scores do
    points
  end
  List.reduce(parts, 0, fn(acc, p) do acc + p end)
end

fn main() do
  let scores = Scores { entries: [("ada", 3), ("bob", 5), ("cy", 4)] }
  for {name, points} in scores do
    println("#{name}: #{points + 1}")
  end
  let high = for {name, points} in scores when points > 3 do
    "#{String.upcase(name)}=#{points}"
  end
  println("#{high}")
  println("total #{total(scores)}")
  let stack = Stack { items: [(1, true), (2, false)] }
  for {n, flag} in stack do
    println("#{n} #{flag}")
  end
  let ranked = Ranked { source: Iter.from([(1, "bob"), (2, "cy"), (3, "ada")]) }
  for {place, who} in ranked do
    println("#{place}. #{who}")
  end
  let ages = %{"ada" => 36}
  for {k, v} in ages do
    println("map still walks entries: #{k} #{v}")
  end
end
