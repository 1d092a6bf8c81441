fn is_even(n :: Int) -> Bool do
  if n == 0 do true else is_odd(n - 1) end
end

fn is_odd(n :: Int) -> Bool do
  if n == 0 do false else is_even(n - 1) end
end

fn main() do
  println("#{is_even(100000)} #{is_odd(100001)} #{is_even(100001)}")
end
