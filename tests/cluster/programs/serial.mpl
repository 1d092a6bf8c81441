# Spec 07 §8: values cross nodes unchanged (echo round trip); closures are refused.
struct Point do
  x :: Int
  y :: Float
end deriving(Eq, Display)

type Shape do
  Circle(Float)
  Rect(w :: Int, h :: Int)
  Empty
end deriving(Eq, Display)

struct Payload do
  i :: Int
  f :: Float
  ok :: Bool
  s :: String
  l :: List<Int>
  m :: Map<String, Int>
  t :: (Int, String)
  some :: Option<Int>
  none :: Option<Int>
  res :: Result<Int, String>
  err :: Result<Int, String>
  p :: Point
  shapes :: List<Shape>
end deriving(Eq, Display)

actor echo() do
  receive do
    (from, v) -> do
      println("b got ${v}")
      println("b float field ${v.f}")
      send(from, v)
    end
  after 20000 -> println("echo: timeout") end
end

actor bad(target :: Pid) do
  send(target, fn x -> x + 1 end)
  println("bad survived")
end

fn main() do
  let b = Env.get("B", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "a") == "b" do
    Node.start(b, cookie)
    Global.register("echo", spawn(echo))
    Global.register("sink", self())
    println("b ready")
    receive do
      _ -> println("sink got mail")
    after 20000 -> println("b: timeout") end
  else
    Node.start(Env.get("A", ""), cookie)
    println("a connect ${Node.connect(b)}")
    let v = Payload { i: -9007199254740993, f: 1.0, ok: true, s: "héllo \"q\" ✓", l: [1, 2, 3],
      m: %{"k" => 1, "a" => 2}, t: (7, "seven"), some: Some(3), none: None, res: Ok(5),
      err: Err("bad"), p: Point { x: 1, y: 2.5 }, shapes: [Circle(1.5), Rect(2, 3), Empty] }
    println("a local ${v}")
    send(Global.whereis("echo"), (self(), v))
    receive do
      back -> println("a roundtrip equal ${back == v}")
    after 15000 -> println("a: timeout") end
    let p = spawn(bad, Global.whereis("sink"))
    Process.monitor(p)
    receive do
      (:down, _, _, reason) -> println("bad down: ${reason}")
    after 15000 -> println("a: no down") end
    send(Global.whereis("sink"), "after closure")
  end
end
