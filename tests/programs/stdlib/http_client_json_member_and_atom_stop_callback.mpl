# `Http.json` parses although `json` is a keyword (spec 05 §12.2 names it so), and a stream
# callback may return the atom `:stop` (§12.4 overload). No network: the URL is malformed,
# so `send` fails with `bad uri` and `stream`/`stream_bytes` return 0.
fn main() do
  let with_json = Http.build(:post, "no-scheme/items") |> Http.json(json { name: "bolt", qty: 2 })
  case Http.send(with_json) do
    Ok(resp) -> println("unexpected #{resp.status}")
    Err(e) -> println("json value: #{e}")
  end
  let with_text = Http.build(:put, "no-scheme/items") |> Http.json("{\"a\": 1}")
  case Http.send(with_text) do
    Ok(resp) -> println("unexpected #{resp.status}")
    Err(e) -> println("json text: #{e}")
  end
  println("atom stop: #{Http.stream(Http.build(:get, "no-scheme"), fn _ -> :stop end)}")
  println("atom stop bytes: #{Http.stream_bytes(Http.build(:get, "no-scheme"), fn _ -> :stop end)}")
  println("text stop: #{Http.stream(Http.build(:get, "no-scheme"), fn _ -> "stop" end)}")
end
