pub fn greet(name :: String) -> String do
  "hello, #{name}"
end
