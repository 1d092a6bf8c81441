type Token do
  Num(Int)
  Word(String)
  Eof
end

fn kind(t :: Token) -> String do
  case t do
    Num(_) | Eof -> "simple"
    Word(s) -> "word " <> s
  end
end

fn status(r :: Result<Int, String>) -> String do
  case r do
    Ok -> "ok"
    Err -> "err"
  end
end

fn echo(o :: Int?) -> String do
  case o do
    Some(n) as whole -> "#{whole}/#{n}"
    None -> "none"
  end
end

fn main() do
  println("#{kind(Num(1))} #{kind(Eof)} #{kind(Word("w"))}")
  println("#{status(Ok(1))} #{status(Err("x"))}")
  println("#{echo(Some(5))} #{echo(None)}")
end
