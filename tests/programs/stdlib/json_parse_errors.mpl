fn check(text :: String, want :: String) -> String do
  case Json.parse(text) do
    Ok(j) -> "unexpected Ok #{j}"
    Err(e) -> if String.starts_with(e, want) and String.contains(e, " at line ") do
      "ok: #{want}"
    else
      "wrong: #{e}"
    end
  end
end

fn main() do
  println(check("", "EOF while parsing a value"))
  println(check("   ", "EOF while parsing a value"))
  println(check("[1,]", "trailing comma"))
  println(check("{\"a\":1,}", "trailing comma"))
  println(check("{\"a\" 1}", "expected `:`"))
  println(check("[1 2]", "expected `,` or `]`"))
  println(check("{\"a\":1 \"b\":2}", "expected `,` or `}`"))
  println(check("{1:2}", "key must be a string"))
  println(check("{'a':1}", "key must be a string"))
  println(check("1 2", "trailing characters"))
  println(check("nul", "EOF while parsing a value"))
  println(check("nulx", "expected ident"))
  println(check("abc", "expected value"))
  println(check("[1", "EOF while parsing a list"))
  println(check("{\"a\":1", "EOF while parsing an object"))
  println(check("\"abc", "EOF while parsing a string"))
  println(check("\"a\\qb\"", "invalid escape"))
  println(check("01", "invalid number"))
  println(check("-x", "invalid number"))
  println(check("1e400", "number out of range"))
  println(check("-1e400", "number out of range"))
  println(check("\"a\tb\"", "control character (\\u0000-\\u001F) found while parsing a string"))
  println(check("\"\\ud800\"", "lone leading surrogate in hex escape"))
  println(check("// comment\n1", "expected value"))
  println(check("'single'", "expected value"))
end
