fn main() do
  let double = fn x -> x * 2 end
  let add = fn acc, x -> acc + x end
  let inc = fn(x) -> x + 1 end
  let mul = fn (x :: Int, y :: Int) -> x * y end
  let typed = fn n :: Int -> n + 1 end
  let row_fn = fn row do
    let r = row * 10
    r + 1
  end
  let req_fn = fn(req) do
    "req #{req}"
  end
  let a = fn -> 99 end
  let b = fn do 98 end
  let c = fn () -> 97 end
  println("#{double(4)} #{add(1, 2)} #{inc(1)} #{mul(3, 4)} #{typed(9)}")
  println("#{row_fn(2)} #{req_fn("x")}")
  println("#{a()} #{b()} #{c()}")
end
