# Boots the node from the MESH_* environment (standalone when none is set), then serves
# GET /health on $PORT so the process keeps running and the platform can probe it.

fn log_bootstrap(status :: BootstrapStatus) do
  println("[clustered-app] runtime bootstrap mode=#{status.mode} node=#{status.node_name} cluster_port=#{status.cluster_port} discovery_seed=#{status.discovery_seed}")
end

fn health(_request :: Request) -> Response do
  HTTP.response(200, json { status: "ok", node: Node.self(), peers: Node.list() })
end

fn main() do
  case Node.start_from_env() do
    Ok(status) -> do
      log_bootstrap(status)
      HTTP.serve(HTTP.router() |> HTTP.on_get("/health", health), Env.get_int("PORT", 8080))
    end
    Err(reason) -> do
      println("[clustered-app] runtime bootstrap failed reason=#{reason}")
      # A misconfigured node must not look healthy: exit non-zero (a panic exits 101).
      panic("runtime bootstrap failed: #{reason}")
    end
  end
end
