# Keep-alive client (spec 05 §12.2): `Http.client`, `send_with`, `client_close`, against
# the Python test server on 127.0.0.1:PORT. `/count` answers with the number of requests
# seen on its connection (1 on a fresh one); the test also counts the connections.

fn base() -> String do
  "http://127.0.0.1:#{Env.get("PORT", "0")}"
end

fn show(label :: String, r :: Result<HttpResponse, String>) do
  case r do
    Ok(resp) -> println("#{label}: #{resp.status} #{resp.body}")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn count(c :: Int, label :: String) do
  show(label, Http.send_with(c, Http.build(:get, base() <> "/count")))
end

fn main() do
  let c = Http.client()
  count(c, "pooled 1")
  count(c, "pooled 2")
  show("pooled post", Http.send_with(c, Http.build(:post, base() <> "/count") |> Http.body("x")))
  show("pooled 404", Http.send_with(c, Http.build(:get, base() <> "/missing")))
  count(c, "pooled 5")
  show("fresh send", Http.send(Http.build(:get, base() <> "/count")))
  let other = Http.client()
  count(other, "other client")
  count(other, "other client again")
  let silent = "http://127.0.0.1:#{Env.get("SILENT_PORT", "0")}/never"
  show("pooled timeout", Http.send_with(c, Http.build(:get, silent) |> Http.timeout(300)))
  show("timed-out connection", Http.send(Http.build(:get, base() <> "/silent-closed?1")))
  count(c, "pooled 6")
  let used = Http.build(:get, base() <> "/count")
  show("consume", Http.send_with(c, used))
  show("consumed", Http.send_with(c, used))
  Http.client_close(c)
  show("closed", Http.send_with(c, Http.build(:get, base() <> "/count")))
  Http.client_close(c)
  count(other, "other still open")
  show("dropped after", Http.send_with(other, Http.build(:get, base() <> "/count?drop")))
  count(other, "other after drop")
  Http.client_close(other)
  println("done")
end
