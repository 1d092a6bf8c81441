struct Score do
  n :: Int
end deriving(Ord, Display)

fn main() do
  println("#{Score { n: 1 }}")
end
