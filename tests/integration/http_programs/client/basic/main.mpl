# HTTP client from a compiled program (spec 05 §12.1-§12.3), against the Python test
# server of tests/integration/http_client_server.py on 127.0.0.1:PORT.
# SILENT_PORT accepts and never answers; REFUSED_PORT has no listener.

fn base() -> String do
  "http://127.0.0.1:#{Env.get("PORT", "0")}"
end

fn show(label :: String, r :: Result<String, String>) do
  case r do
    Ok(body) -> println("#{label}: Ok(#{body})")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn show_resp(label :: String, r :: Result<HttpResponse, String>) do
  case r do
    Ok(resp) -> println("#{label}: #{resp.status} #{resp.body}")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

# Opens the server's gate while main is suspended in a request that waits for it: a
# network wait must not block the other processes (spec 05 §12.5).
actor opener(url :: String) do
  case HTTP.get(url) do
    Ok(_) -> ()
    Err(e) -> println("opener failed: #{e}")
  end
end

fn concurrency() do
  spawn(opener, base() <> "/open")
  show_resp("gate", Http.send(Http.build(:get, base() <> "/gate")))
end

fn legacy() do
  show("get", HTTP.get(base() <> "/hello"))
  show("get 404", HTTP.get(base() <> "/missing"))
  show("get 500", HTTP.get(base() <> "/boom"))
  show("post", HTTP.post(base() <> "/json", "{\"n\": 1}"))
  show("post json", HTTP.post(base() <> "/json", json { k: "v", n: 2 }))
  show("get redirected", HTTP.get(base() <> "/redirect/3"))
  show("get refused", HTTP.get("http://127.0.0.1:#{Env.get("REFUSED_PORT", "0")}/"))
  show("get bad uri", HTTP.get("127.0.0.1/no-scheme"))
end

fn builder() do
  let req = Http.build(:put, base() <> "/echo")
    |> Http.header("X-Tag", "one")
    |> Http.header("X-Tag", "two")
    |> Http.header("X-Single", "solo")
    |> Http.query("dry run", "yes & no")
    |> Http.query("city", "Zürich/~ok")
    |> Http.body("payload")
  case Http.send(req) do
    Ok(resp) -> do
      println("status: #{resp.status}")
      println(resp.body)
      println("x-reply: #{Map.get(resp.headers, "x-reply")}")
      println("x-server: #{Map.get(resp.headers, "x-server")}")
      println("X-Server key: [#{Map.get(resp.headers, "X-Server")}]")
    end
    Err(e) -> println("send failed: #{e}")
  end
  let again = Http.send(req)
  show_resp("consumed", again)
  let q = Http.build(:options, base() <> "/echo?a=1") |> Http.query("b", "2")
  show_resp("query after ?", Http.send(q))
  let j = Http.build(:post, base() <> "/json") |> Http.json(json { name: "bolt", qty: 2 })
  show_resp("json", Http.send(j))
  show_resp("404 is Ok", Http.send(Http.build(:get, base() <> "/missing")))
  show_resp("500 is Ok", Http.send(Http.build(:delete, base() <> "/boom")))
  show_resp("head", Http.send(Http.build(:head, base() <> "/hello")))
end

fn errors() do
  let silent = "http://127.0.0.1:#{Env.get("SILENT_PORT", "0")}/never"
  show_resp("timeout", Http.send(Http.build(:get, silent) |> Http.timeout(300)))
  show("timed-out connection", HTTP.get(base() <> "/silent-closed?1"))
  let refused = "http://127.0.0.1:#{Env.get("REFUSED_PORT", "0")}/"
  show_resp("refused", Http.send(Http.build(:get, refused)))
  show_resp("bad uri", Http.send(Http.build(:get, "no-scheme.example/x")))
  show_resp("bad scheme", Http.send(Http.build(:get, "ftp://127.0.0.1/x")))
  show_resp("bad port", Http.send(Http.build(:get, "http://127.0.0.1:99999/x")))
  # `.invalid` never resolves (RFC 6761)
  show_resp("dns", Http.send(Http.build(:get, "http://no-such-host.invalid/x")))
  show_resp("redirects", Http.send(Http.build(:get, base() <> "/redirect/10")))
  show_resp("too many", Http.send(Http.build(:get, base() <> "/loop")))
  show_resp("303 after post", Http.send(Http.build(:post, base() <> "/see-other") |> Http.body("x")))
  show_resp("307 with body", Http.send(Http.build(:post, base() <> "/temporary") |> Http.body("x")))
  show_resp("307 without body", Http.send(Http.build(:get, base() <> "/temporary")))
  let gz = Http.send(Http.build(:get, base() <> "/gzip"))
  case gz do
    Ok(resp) -> println("gzip: #{resp.body} (#{Map.get(resp.headers, "content-encoding")})")
    Err(e) -> println("gzip failed: #{e}")
  end
end

fn main() do
  legacy()
  builder()
  errors()
  concurrency()
  println("done")
end
