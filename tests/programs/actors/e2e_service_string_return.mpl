service Greeting do
  fn init(text :: String) -> String do
    text
  end

  call Get() :: String do |text|
    (text, text)
  end

  cast Set(next :: String) do |_text|
    next
  end
end

fn main() do
  let g = Greeting.start("hello")
  println(Greeting.get(g))
  Greeting.set(g, "world")
  println(Greeting.get(g))
end
