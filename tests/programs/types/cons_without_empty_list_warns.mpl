# Spec 02 §15: `h :: t` alone is accepted (the reference's leniency) with a warning that
# names the missing `[]`; a nested one names the enclosing shape.
fn head_or_crash(xs :: List<Int>) -> Int do
  case xs do
    h :: _ -> h
  end
end

fn first_of(o :: Option<List<Int>>) -> Int do
  case o do
    Some(h :: _) -> h
    None -> 0
  end
end

fn main() do
  println("#{head_or_crash([5, 6])} #{first_of(Some([8]))} #{first_of(None)}")
end
