fn halve(n :: Int) -> Int!String do
  if n % 2 == 0 do
    Ok(n / 2)
  else
    Err("odd")
  end
end

fn quarter(n :: Int) -> Int!String do
  let h = halve(n)?
  halve(h)
end

fn main() do
  case quarter(12) do
    Ok(v) -> println("ok #{v}")
    Err(e) -> println("err #{e}")
  end
  case quarter(6) do
    Ok(v) -> println("ok #{v}")
    Err(e) -> println("err #{e}")
  end
end
