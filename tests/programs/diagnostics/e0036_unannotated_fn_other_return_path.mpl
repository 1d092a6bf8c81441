fn parse(s :: String) -> Result<Int, String> do
  Ok(1)
end

fn run(s :: String) do
  if s == "" do
    return 0
  end
  let n = parse(s)?
  Ok(n)
end

fn main() do
  println("#{run("1")}")
end
