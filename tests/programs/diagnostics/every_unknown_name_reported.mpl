# Issue 19: every unknown name and every independent type error of a function is reported
# in one run (not only the outermost one of each statement).
fn main() do
  let total = add_all(first_missing, second_missing) + third_missing
  let label :: String = total
  println("#{label} #{1 + "one"} #{fourth_missing}")
end
