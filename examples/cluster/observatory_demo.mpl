# A small clustered service to watch with `mesh observatory` (docs/observatory.md).
# Run two copies as cluster nodes (spec 07 §11.1), e.g.
#
#   MESH_CLUSTER_COOKIE=dev-cookie MESH_NODE_NAME=a@127.0.0.1:4370 MESH_CLUSTER_PORT=4370 \
#     MESH_DISCOVERY_SEED=127.0.0.1,127.0.0.2 HTTP_PORT=8080 PEER_PONG=pong_b \
#     PONG_NAME=pong_a mesh run examples/cluster/observatory_demo.mpl
#   (the same with b@127.0.0.2:4370, HTTP_PORT=8081, PONG_NAME=pong_b, PEER_PONG=pong_a)
#   mesh observatory a@127.0.0.1:4370 --cookie dev-cookie
#
# Each node runs: a supervisor `Workers` with three `counter` children; a `hoarder`
# that sleeps while 25 parcels pile up in its mailbox; a `ponger` registered globally
# and a `pinger` that plays ping-pong with the other node's ponger (inter-node
# traffic); a `tally` registered as "tally"; and an HTTP server: GET /text, GET /crash
# (spawns an actor that panics), GET /feed (sends one message to the tally: its
# "In" count in the Observatory grows by one per request) and GET /pair/:id (an
# `HTTP.clustered` route, run on one of two nodes).

actor counter(n :: Int) do
  receive do
    k -> counter(n + k)
  end
end

supervisor Workers do
  strategy: one_for_one
  max_restarts: 10
  max_seconds: 5

  child first do
    start: fn -> spawn(counter, 0) end
  end

  child second do
    start: fn -> spawn(counter, 0) end
  end

  child third do
    start: fn -> spawn(counter, 0) end
  end
end

actor tally(total :: Int) do
  receive do
    k -> tally(total + k)
  end
end

actor hoarder() do
  Timer.sleep(3600000)
end

actor ponger() do
  receive do
    (from, n) -> send(from, n + 1)
  end
  ponger()
end

actor pinger(peer_name :: String, n :: Int) do
  let peer = Global.whereis(peer_name)
  send(peer, (self(), n))
  let next = receive do
    m -> m
  after 500 -> n
  end
  Timer.sleep(20)
  pinger(peer_name, next)
end

actor fragile(why :: String) do
  panic(why)
end

fn text(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

fn feed(_request :: Request) -> Response do
  send(Process.whereis("tally"), 1)
  HTTP.response(200, "fed")
end

fn crash(_request :: Request) -> Response do
  spawn(fragile, "fragile actor gave up")
  HTTP.response(200, "one fragile actor started")
end

pub fn pair(request :: Request) -> Response do
  HTTP.response(200, "pair on #{Node.self()}")
end

fn hoard(h, left :: Int) do
  if left > 0 do
    send(h, "parcel")
    hoard(h, left - 1)
  end
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("node #{st.node_name} (#{st.mode})")
    Err(why) -> println("node failed to start: #{why}")
  end
  spawn(Workers)
  hoard(spawn(hoarder), 25)
  Process.register("tally", spawn(tally, 0))
  Global.register(Env.get("PONG_NAME", "pong_a"), spawn(ponger))
  spawn(pinger, Env.get("PEER_PONG", "pong_b"), 0)
  let router = HTTP.router()
    |> HTTP.on_get("/text", text)
    |> HTTP.on_get("/crash", crash)
    |> HTTP.on_get("/feed", feed)
    |> HTTP.on_get("/pair/:id", HTTP.clustered(pair))
  HTTP.serve(router, Env.get_int("HTTP_PORT", 8080))
end
