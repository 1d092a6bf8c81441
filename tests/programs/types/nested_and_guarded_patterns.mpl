type Token do
  Num(Int)
  Word(String)
  Eof
end

fn describe(t :: Option<Token>) -> String do
  case t do
    Some(Num(n)) when n > 100 -> "big #{n}"
    Some(Num(n)) -> "num #{n}"
    Some(Word(w)) -> "word #{w}"
    Some(Eof) -> "eof"
    None -> "nothing"
  end
end

fn main() do
  println(describe(Some(Num(500))))
  println(describe(Some(Num(5))))
  println(describe(Some(Word("hi"))))
  println(describe(Some(Eof)))
  println(describe(None))
end
