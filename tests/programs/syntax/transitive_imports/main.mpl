import App.Core

fn main() do
  println(Core.report(3))
end
