fn label(b :: Bool) -> String do
  case b do
    true -> "yes"
    false -> "no"
    _ -> "never"
  end
end

fn main() do
  println(label(true))
  println(label(false))
end
