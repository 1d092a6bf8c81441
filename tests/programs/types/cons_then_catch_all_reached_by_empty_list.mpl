# Issue 19 / spec 02 §15: `_ -> acc` after `word :: rest -> ...` is reached by `[]`, so it
# is not redundant (W0001 used to say so, and removing the arm crashed the program).
fn count_letters(words :: List<String>, acc :: Int) -> Int do
  case words do
    word :: rest -> count_letters(rest, acc + String.length(word))
    _ -> acc
  end
end

fn describe(xs :: List<Int>) -> String do
  case xs do
    [] -> "empty"
    [a] -> "one #{a}"
    a :: b :: _ -> "starts #{a}, #{b}"
  end
end

fn main() do
  println("#{count_letters(["mesh", "is", "fun"], 0)}")
  println(describe([]))
  println(describe([7]))
  println(describe([1, 2, 3]))
end
