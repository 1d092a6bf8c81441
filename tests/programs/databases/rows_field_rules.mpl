# Spec 06 §3.6: the per-field table of `deriving(Row)`, one rule at a time.
struct S do
  v :: String
end deriving(Row, Debug)

struct I do
  v :: Int
end deriving(Row, Debug)

struct F do
  v :: Float
end deriving(Row, Debug)

struct B do
  v :: Bool
end deriving(Row, Debug)

struct Two do
  a :: Int
  b :: Bool
  c :: String
end deriving(Row, Debug)

fn s(v :: String) do
  case S.from_row(%{"v" => v}) do
    Ok(x) -> println("String '${v}' -> [${x.v}]")
    Err(e) -> println("String '${v}' -> Err(${e})")
  end
end

fn i(v :: String) do
  case I.from_row(%{"v" => v}) do
    Ok(x) -> println("Int '${v}' -> ${x.v}")
    Err(e) -> println("Int '${v}' -> Err(${e})")
  end
end

fn f(v :: String) do
  case F.from_row(%{"v" => v}) do
    Ok(x) -> println("Float '${v}' -> ${x.v}")
    Err(e) -> println("Float '${v}' -> Err(${e})")
  end
end

fn b(v :: String) do
  case B.from_row(%{"v" => v}) do
    Ok(x) -> println("Bool '${v}' -> ${x.v}")
    Err(e) -> println("Bool '${v}' -> Err(${e})")
  end
end

fn main() do
  s("as is")
  s("  spaced  ")
  s("")
  i("42")
  i(" 42 ")
  i("-7")
  i("+5")
  i("9223372036854775807")
  i("-9223372036854775808")
  i("9223372036854775808")
  i("4.0")
  i("1_000")
  i("")
  i("abc")
  f("95.5")
  f(" 2.5 ")
  f("-3")
  f("1e3")
  f("1.0e+20")
  f(".5")
  f("Infinity")
  f("-Infinity")
  f("abc")
  f("")
  f("1.5x")
  List.map(["true", "t", "1", "yes", "TRUE", "Yes", "T", "false", "f", "0", "no", "FALSE", "No", "F"], fn(v) do b(v) end)
  b("maybe")
  b("")
  b("2")
  # A missing column is an error for every non-Option type.
  println("${S.from_row(%{})}")
  println("${I.from_row(%{"other" => "1"})}")
  println("${F.from_row(%{})}")
  println("${B.from_row(%{})}")
  # Extra columns are ignored; the first failing field in declaration order decides.
  println("${Two.from_row(%{"c" => "x", "b" => "no", "a" => "1", "extra" => "?"})}")
  println("${Two.from_row(%{"c" => "x", "b" => "nope", "a" => "one"})}")
  println("${Two.from_row(%{"b" => "nope", "a" => "1"})}")
  println("${Two.from_row(%{"a" => "1", "b" => "yes"})}")
end
