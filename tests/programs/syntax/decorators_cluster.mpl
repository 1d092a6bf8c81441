@cluster pub fn rebuild_index() -> Int do
  7 * 6
end

@cluster(1)
pub fn ping_once() -> String do
  "pong"
end

@cluster(2) pub def sweep_all() -> Int do
  3
end

fn main() do
  println("#{rebuild_index()} #{ping_once()} #{sweep_all()}")
end
