from Foo.Bar import *

fn main() do
  println("x")
end
