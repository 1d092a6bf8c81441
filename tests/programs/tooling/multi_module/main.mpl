from Util.TextTools import greet

fn main() do
  println(greet("modules"))
end
