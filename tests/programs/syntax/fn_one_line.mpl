fn double(x) = x * 2
fn greet(name :: String) -> String = "hello " <> name
fn answer = 42
def triple(x :: Int) -> Int = x * 3

fn main() = println("#{double(4)} #{greet("mesh")} #{answer()} #{triple(5)}")
