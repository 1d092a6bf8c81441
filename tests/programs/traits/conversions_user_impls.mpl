# Issue 19 / spec 02 §13.1: `T.from` / `T.try_from` static calls and `into` / `try_into`
# on any receiver (literals and parenthesised negatives included) for user impls.
struct PositiveInt do
  value :: Int
end

impl TryFrom<Int> for PositiveInt do
  fn try_from(n :: Int) -> Result<PositiveInt, String> do
    if n > 0 do
      Ok(PositiveInt { value: n })
    else
      Err("not positive: #{n}")
    end
  end
end

impl TryFrom<Float> for PositiveInt do
  fn try_from(f :: Float) -> Result<PositiveInt, String> do
    PositiveInt.try_from(Float.to_int(f))
  end
end

struct Name do
  text :: String
end

impl From<String> for Name do
  fn from(s :: String) -> Name do
    Name { text: String.upcase(s) }
  end
end

type Sign do
  Plus
  Minus
end

impl From<Int> for Sign do
  fn from(n :: Int) -> Sign do
    if n < 0 do Minus else Plus end
  end
end

struct Flags do
  on :: List<Bool>
end

impl From<List<Bool>> for Flags do
  fn from(xs :: List<Bool>) -> Flags do
    Flags { on: xs }
  end
end

fn show_sign(s :: Sign) -> String do
  case s do
    Plus -> "+"
    Minus -> "-"
  end
end

fn show(r :: Result<PositiveInt, String>) -> String do
  case r do
    Ok(p) -> "ok #{p.value}"
    Err(e) -> e
  end
end

fn check(n :: Int) -> String do
  show(PositiveInt.try_from(n))
end

fn main() do
  println(check(5))
  println(check(0))
  let r :: Result<PositiveInt, String> = (-5).try_into()
  println(show(r))
  let f :: Result<PositiveInt, String> = 2.5.try_into()
  println(show(f))
  let seven :: Result<PositiveInt, String> = 7.try_into()
  println(show(seven))
  let nm :: Name = "ada".into()
  println(nm.text)
  let s :: Sign = (-3).into()
  println(show_sign(s) <> show_sign(Sign.from(4)))
  let fl :: Flags = [true, false].into()
  println("#{List.length(fl.on)} #{List.length(Flags.from([]).on)}")
end
