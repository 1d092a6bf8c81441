type AppError do
  NotFound(String)
  Invalid(Int)
end deriving(Display)

impl From<String> for AppError do
  fn from(s :: String) -> AppError do
    NotFound(s)
  end
end

impl From<Int> for AppError do
  fn from(code :: Int) -> AppError do
    Invalid(code)
  end
end

fn lookup(key :: String) -> Result<Int, String> do
  if key == "a" do
    Ok(1)
  else
    Err("no " <> key)
  end
end

fn check(n :: Int) -> Result<Int, Int> do
  if n > 0 do
    Ok(n)
  else
    Err(n)
  end
end

fn run(key :: String, n :: Int) -> Result<Int, AppError> do
  let v = lookup(key)?
  let w = check(n)?
  Ok(v + w)
end

fn same(key :: String) -> Result<Int, String> do
  let v = lookup(key)?
  Ok(v * 10)
end

fn main() do
  println("#{run("a", 2)}")
  println("#{run("b", 2)}")
  println("#{run("a", -4)}")
  println("#{same("a")} #{same("z")}")
end
