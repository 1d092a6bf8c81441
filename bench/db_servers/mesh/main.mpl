# TechEmpower-style database endpoints for bench/db.py, served from one pool. The same
# endpoints, SQL and JSON as peer_starlette.py. Random ids come from the request
# (`?seed=N`, drawn by the load generator) so both servers do identical work:
# id_k = (seed + k * 7919) mod 10000 + 1.

struct World do
  id :: Int
  randomNumber :: Int
end deriving(Json)

fn world_id(seed :: Int, k :: Int) -> Int do
  (seed + k * 7919) % 10000 + 1
end

fn int_param(request :: Request, name :: String, default :: Int) -> Int do
  case Request.query(request, name) do
    Some(text) -> case String.to_int(text) do
      Some(n) -> n
      None -> default
    end
    None -> default
  end
end

fn count_param(request :: Request) -> Int do
  Math.min(500, Math.max(1, int_param(request, "queries", 1)))
end

fn to_int(text :: String) -> Int do
  case String.to_int(text) do
    Some(n) -> n
    None -> 0
  end
end

fn fetch_world(pool :: PoolHandle, id :: Int) -> World do
  case Pool.query(pool, "SELECT id, randomnumber FROM world WHERE id = $1", ["${id}"]) do
    Ok(rows) -> do
      let row = List.head(rows)
      World { id: to_int(Map.get(row, "id")), randomNumber: to_int(Map.get(row, "randomnumber")) }
    end
    Err(e) -> panic(e)
  end
end

fn json_response(body :: String) -> Response do
  HTTP.response_with_headers(200, body, %{"Content-Type" => "application/json"})
end

fn handle_json(_request :: Request) -> Response do
  HTTP.response(200, json { message: "Hello, World!" })
end

fn handle_db(pool :: PoolHandle, request :: Request) -> Response do
  let seed = int_param(request, "seed", 0)
  json_response(Json.encode(fetch_world(pool, world_id(seed, 0))))
end

fn handle_queries(p :: PoolHandle, request :: Request) -> Response do
  let seed = int_param(request, "seed", 0)
  let worlds = Range.map(0..count_param(request), fn(k) do fetch_world(p, world_id(seed, k)) end)
  json_response(Json.encode(worlds))
end

fn handle_updates(p :: PoolHandle, request :: Request) -> Response do
  let seed = int_param(request, "seed", 0)
  let worlds = Range.map(0..count_param(request), fn(k) do
    let w = fetch_world(p, world_id(seed, k))
    let fresh = World { id: w.id, randomNumber: world_id(seed + 3571, k) }
    case Pool.execute(p, "UPDATE world SET randomnumber = $2 WHERE id = $1", ["${fresh.id}", "${fresh.randomNumber}"]) do
      Ok(_) -> fresh
      Err(e) -> panic(e)
    end
  end)
  json_response(Json.encode(worlds))
end

fn escape(text :: String) -> String do
  text
    |> String.replace("&", "&amp;")
    |> String.replace("<", "&lt;")
    |> String.replace(">", "&gt;")
    |> String.replace("\"", "&quot;")
    |> String.replace("'", "&#x27;")
end

fn by_message(a :: Map<String, String>, b :: Map<String, String>) -> Int do
  let x = Map.get(a, "message")
  let y = Map.get(b, "message")
  if x < y do
    0 - 1
  else
    if x > y do 1 else 0 end
  end
end

fn handle_fortunes(pool :: PoolHandle, _request :: Request) -> Response do
  case Pool.query(pool, "SELECT id, message FROM fortune", []) do
    Ok(rows) -> do
      let extra = %{"id" => "0", "message" => "Additional fortune added at request time."}
      let sorted = List.sort(List.append(rows, extra), by_message)
      let items = List.map(sorted, fn(row) do
        "<tr><td>${Map.get(row, "id")}</td><td>${escape(Map.get(row, "message"))}</td></tr>"
      end)
      let body = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>" <> String.join(items, "") <> "</table></body></html>"
      HTTP.response_with_headers(200, body, %{"Content-Type" => "text/html; charset=utf-8"})
    end
    Err(e) -> panic(e)
  end
end

fn main() do
  let size = Env.get_int("DB_POOL_SIZE", 16)
  case Pool.open(Env.get("DATABASE_URL"), size, size, 5000) do
    Ok(p) -> do
      # closure handlers carry the pool (what the peer keeps in a module global)
      let router = HTTP.router()
        |> HTTP.on_get("/json", handle_json)
        |> HTTP.on_get("/db", fn(r) do handle_db(p, r) end)
        |> HTTP.on_get("/queries", fn(r) do handle_queries(p, r) end)
        |> HTTP.on_get("/fortunes", fn(r) do handle_fortunes(p, r) end)
        |> HTTP.on_get("/updates", fn(r) do handle_updates(p, r) end)
      HTTP.serve(router, Env.get_int("PORT", 0))
    end
    Err(e) -> panic(e)
  end
end
