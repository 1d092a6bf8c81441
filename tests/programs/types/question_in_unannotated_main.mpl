fn parse(s :: String) -> Int!String do
  case String.to_int(s) do
    Some(n) -> Ok(n)
    None -> Err("bad: " <> s)
  end
end

fn main() do
  let a = parse("12")?
  println("got #{a}")
  let b = parse("zz")?
  println("got #{b}")
  Ok(())
end
