fn main() do
  let host = Env.get("BIND_HOST", "0.0.0.0")
  let workers = Env.get_int("WORKERS", 4)
  println("#{host} with #{workers} workers")
end
