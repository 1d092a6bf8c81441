fn main() do
  println("#{ev(10)} #{od(7)} #{ev(3)}")
end

fn ev(n) do
  if n == 0 do true else od(n - 1) end
end

fn od(n) do
  if n == 0 do false else ev(n - 1) end
end
