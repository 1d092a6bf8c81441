# Spec 01 §3 layout extension in `receive`: arm and `after` bodies may start on the next,
# more-indented line and hold several statements.
actor echo(parent :: Pid) do
  receive do
    n when n > 10 ->
      let big = n * 2
      send(parent, "big #{big}")
    n ->
      send(parent,
        "small #{n}")
  end
end

fn main() do
  let e = spawn(echo, self())
  send(e, 21)
  receive do
    text ->
      let shown = "got " <>
        text
      println(shown)
  end
  receive do
    other -> println("unexpected #{other}")
  after 20 ->
    let waited = 20
    println("nothing after #{waited} ms")
  end
end
