type Shape do
  Circle(Int)
  Square(Int)
  Dot
end

fn describe(0) = "zero"
fn describe(-1) = "minus one"
fn describe(n) = "n=#{n}"

fn greet("admin") = "welcome back"
fn greet(name) = "hello #{name}"

fn swap((a, b)) = (b, a)

fn size(Shape.Circle(r)) = r * 2
fn size(Square(s)) = s
fn size(Dot) = 0

fn opt(None) = "nothing"
fn opt(Some(x)) = "some #{x}"

fn ignore(_, b) = b

fn main() do
  println("#{describe(0)}, #{describe(-1)}, #{describe(7)}")
  println("#{greet("admin")}, #{greet("bob")}")
  println("#{swap((1, "x"))}")
  println("#{size(Circle(3))} #{size(Square(4))} #{size(Dot)}")
  println("#{opt(None)} #{opt(Some(2))}")
  println("#{ignore(1, 2)}")
end
