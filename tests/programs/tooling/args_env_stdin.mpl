fn main() do
  let args = Env.args()
  println("argc: #{List.length(args)}")
  println(Env.get("MESH_HARNESS_GREETING", "unset"))
  let line = case IO.read_line() do
    Ok(l) -> l
    Err(e) -> e
  end
  println("read: #{line}")
end
