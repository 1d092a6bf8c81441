struct ParseFailure do
  reason :: String
end

impl From<String> for ParseFailure do
  fn from(msg :: String) -> ParseFailure do
    ParseFailure { reason: "parse: " <> msg }
  end
end

fn read_age(raw :: String) -> Int!String do
  case String.to_int(raw) do
    Some(n) -> Ok(n)
    None -> Err(raw)
  end
end

fn next_age(raw :: String) -> Int!ParseFailure do
  let age = read_age(raw)?
  Ok(age + 1)
end

fn main() do
  case next_age("x") do
    Ok(n) -> println("ok #{n}")
    Err(e) -> println(e.reason)
  end
  case next_age("41") do
    Ok(n) -> println("ok #{n}")
    Err(e) -> println(e.reason)
  end
  println("#{next_age("x")}")
end
