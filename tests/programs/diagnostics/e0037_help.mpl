fn run(s :: String) -> Result<Int, String> do
  let t = s?
  Ok(1)
end

fn main() do
  println("#{run("1")}")
end
