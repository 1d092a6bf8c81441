from Text.Greet import greet, shout

fn main() do
  println(greet("ada"))
  println(greet("bo", "!"))
  println(shout("hey"))
end
