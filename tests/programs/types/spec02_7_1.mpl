type Token do
  Num(Int)
  Word(text :: String)
  Eof
end deriving(Eq, Display, Debug)

fn weight(t :: Token) -> Int do
  case t do
    Num(n) -> n
    Word(s) -> String.length(s)
    Eof -> 0
  end
end

fn main() do
  let toks = [Num(4), Word("hello"), Eof, Token.Num(1)]
  let ws = List.map(toks, fn t -> weight(t) end)
  println("#{ws}")
  let w = Word("hi")
  println("#{w} #{Eof}")
  let n = Num(3)
  println(n.inspect())
  println("#{Num(4) == Token.Num(4)} #{w == Word("ho")}")
end
