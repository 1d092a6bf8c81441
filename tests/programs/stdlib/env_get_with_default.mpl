fn main() do
  println(Env.get("MESH_T_HOST", "0.0.0.0"))
  println(Env.get("MESH_T_MISSING", "fallback"))
  println("[#{Env.get("MESH_T_EMPTY", "not used")}]")
  println("[#{Env.get("MESH_T_MISSING")}]")
  println(Env.get("MESH_T_HOST"))
  println(env_get_with_default("MESH_T_MISSING", "alias"))
  println(Env.get("MESH_T_UNICODE", "x"))
  println(Env.get("BAD\0KEY", "nul key"))
end
