interface Greeter do
  fn name(self) -> String
  fn greet(self) -> String do
    "hello, " <> self.name()
  end
  fn shout(self) -> String do
    String.to_upper(self.greet()) <> "!"
  end
end

struct Person do
  first :: String
end

struct Robot do
  id :: Int
end

impl Greeter for Person do
  fn name(self) -> String do
    self.first
  end
end

impl Greeter for Robot do
  fn name(self) -> String do
    "unit #{self.id}"
  end

  fn greet(self) -> String do
    "BEEP " <> self.name()
  end
end

fn main() do
  let p = Person { first: "ada" }
  let r = Robot { id: 7 }
  println(p.greet())
  println(r.greet())
  println(p.shout())
  println(r.shout())
end
