import Util.Tools

fn helper() -> String = "main helper"

fn main() do
  println(helper())
  println(Tools.run())
end
