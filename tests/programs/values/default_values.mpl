fn main() do
  let n :: Int = default()
  let f :: Float = default()
  let b :: Bool = default()
  let s :: String = default()
  println("#{n}|#{f}|#{b}|#{s}|")
end
