# `?` propagates errors; `case` on Result and Option.
fn number(s :: String) -> Result<Int, String> do
  case String.to_int(s) do
    Some(n) -> Ok(n)
    None -> Err("not a number: #{s}")
  end
end

fn parse_pair(a :: String, b :: String) -> Result<Int, String> do
  let x = number(a)?
  let y = number(b)?
  Ok(x + y)
end

fn main() do
  case parse_pair("1", "2") do
    Ok(n) -> println("sum #{n}")
    Err(e) -> println("error #{e}")
  end
  case parse_pair("1", "x") do
    Ok(n) -> println("sum #{n}")
    Err(e) -> println("error #{e}")
  end
end
