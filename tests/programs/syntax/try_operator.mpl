fn halve(n :: Int) -> Int!String do
  if n % 2 == 0 do
    Ok(n / 2)
  else
    Err("odd #{n}")
  end
end

fn quarter(n :: Int) -> Int!String do
  let h = halve(n)?
  halve(h)
end

fn double_big(xs :: List<Int>) -> Int? do
  let f = List.find(xs, fn x -> x > 10 end)?
  Some(f * 2)
end

fn chain(n :: Int) -> Result<Int, String> do
  Ok(halve(halve(n)?)? + 1)
end

fn main() do
  println("#{quarter(12)} #{quarter(6)} #{quarter(5)}")
  println("#{double_big([1, 20])} #{double_big([1])}")
  println("#{chain(8)} #{chain(6)}")
end
