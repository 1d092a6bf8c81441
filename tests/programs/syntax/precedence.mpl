struct Holder do
  y :: Int?
end deriving(Debug)

fn show(b :: Bool) -> String = if b do "yes" else "no" end

fn neg_inner(h :: Holder) -> Int? do
  Some(-h.y?)
end

fn main() do
  println("#{2 + 3 * 4} #{(2 + 3) * 4} #{10 - 3 - 2} #{100 / 10 / 5} #{-2 * 3} #{7 % 3 * 2}")
  println("#{true or false and false} #{(true or false) and false} #{true || false && false}")
  println("#{1 < 2 == true} #{not true == false} #{!false}")
  println(true and false |> show)
  println("#{neg_inner(Holder { y: Some(5) })} #{neg_inner(Holder { y: None })}")
  let n = 4
  let r = for i in 0..n - 1 do i end
  println("#{r}")
  println("#{Range.length(1..2 + 3)}")
  println("#{"a" <> "b" == "ab"}")
  println("#{-2 + 5}")
end
