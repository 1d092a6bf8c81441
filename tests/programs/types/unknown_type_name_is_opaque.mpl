fn keep(h :: WidgetHandle, n :: Int) -> Int do
  n
end

fn main() do
  println("compiled")
end
