from Util.Text import nope

fn main() do
  println(nope())
end
