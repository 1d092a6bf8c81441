fn head(xs :: List<Int>) -> Int = 42

fn map(x :: Int) -> String = "mapped #{x}"

fn to_string(true) = "yes"
fn to_string(false) = "no"

fn main() do
  println("#{head([1, 2])} #{map(5)} #{to_string(true)} #{to_string(false)}")
  println("#{List.head([1, 2])} #{List.map([1], fn x -> x + 1 end)}")
end
