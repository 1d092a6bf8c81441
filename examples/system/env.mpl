# Spec 05 §2 (Env): `Env.get(name, default)` and `Env.get_int(name, default)`
# fall back to the default when the variable is unset (or, for `get_int`, not
# an integer). `Env.get(name)` alone returns "" when unset (the seed's form).
#
# With BIND_HOST and WORKERS unset this prints `0.0.0.0 with 4 workers`.

fn main() do
  let host = Env.get("BIND_HOST", "0.0.0.0")
  let workers = Env.get_int("WORKERS", 4)
  println("#{host} with #{workers} workers")
end
