fn shout(s :: String) -> String do
  s <> "!"
end

fn main() do
  let c = "c"
  println("a#{shout("b#{c}")}")
  println("#{%{1 => 2}}")
  println("#{"}"}")
  println("#{if c == "c" do "yes" else "no" end}")
  println("#{[1, 2, 3] |> List.length()}")
end
