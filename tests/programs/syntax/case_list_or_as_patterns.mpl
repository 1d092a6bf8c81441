fn describe(xs :: List<Int>) -> String do
  case xs do
    [] -> "empty"
    [a] -> "one #{a}"
    [a, b] -> "two #{a + b}"
    a :: b :: rest -> "many #{a} #{b} #{List.length(rest)}"
  end
end

fn small(n :: Int) -> String do
  case n do
    1 | 2 | 3 -> "small"
    _ -> "big"
  end
end

fn head_kind(xs :: List<Int>) -> String do
  case xs do
    1 | 2 :: t -> "starts low, #{List.length(t)} more"
    _ -> "other"
  end
end

fn whole(o :: Option<Int>) -> String do
  case o do
    Some(1) | None as w -> "special #{w}"
    Some(n) as s -> "#{s} has #{n}"
  end
end

fn grouped(n :: Int) -> String do
  case n do
    (0) -> "zero"
    (_) -> "nonzero"
  end
end

fn main() do
  println("#{describe([])} | #{describe([5])} | #{describe([1, 2])} | #{describe([1, 2, 3, 4])}")
  println("#{small(2)} #{small(9)}")
  println("#{head_kind([2, 9, 9])} / #{head_kind([5])} / #{head_kind([])}")
  println("#{whole(Some(1))} #{whole(None)} #{whole(Some(7))}")
  println("#{grouped(0)} #{grouped(3)}")
end
