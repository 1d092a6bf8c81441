pub fn greet(name :: String) -> String = "hello #{name}"

pub fn shout(s :: String) -> String = String.to_upper(s)

pub fn greet(name :: String, punct :: String) -> String = "hello #{name}#{punct}"
