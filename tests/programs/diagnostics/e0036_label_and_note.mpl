fn parse(s :: String) -> Result<Int, String> do
  Ok(1)
end

fn run(s :: String) -> Option<Int> do
  let n = parse(s)?
  Some(n)
end

fn main() do
  println("#{run("1")}")
end
