# Streaming client (spec 05 §12.4): `Http.stream`, `Http.stream_bytes`, "stop"/:stop and
# `Http.cancel`, against the Python test server on 127.0.0.1:PORT. The callbacks forward
# every piece to main, which prints what it collected. `/closed?NAME` answers "closed" once
# the server saw the client leave the stream NAME.

fn base() -> String do
  "http://127.0.0.1:#{Env.get("PORT", "0")}"
end

fn closed(name :: String) -> String do
  case HTTP.get(base() <> "/closed?" <> name) do
    Ok(body) -> body
    Err(e) -> "error: " <> e
  end
end

fn closed_silent() -> String do
  case HTTP.get(base() <> "/silent-closed?1") do
    Ok(body) -> body
    Err(e) -> "error: " <> e
  end
end

# Collects forwarded pieces until the text ends with " end\n"; returns (text, pieces, max).
fn collect(text :: String, pieces :: Int, longest :: Int) -> (String, Int, Int) do
  if String.ends_with(text, " end\n") do
    (text, pieces, longest)
  else
    receive do
      piece -> do
        let n = String.length(piece)
        let m = if n > longest do n else longest end
        collect(text <> piece, pieces + 1, m)
      end
    after 5000 -> (text <> "<timed out>", pieces, longest)
    end
  end
end

fn report(label :: String, text :: String, pieces :: Int, longest :: Int) do
  let lines = String.split(text, "\n")
  println("#{label}: #{String.length(text)} chars, pieces > 2: #{pieces > 2}, longest <= 8192: #{longest <= 8192}")
  println("  first line: #{List.get(lines, 0)}")
  println("  x line length: #{String.length(List.get(lines, 1))}")
  println("  last line: #{List.get(lines, 2)} #{String.length(List.get(lines, 2))}")
end

# Drops forwarded pieces up to and including `marker`.
fn drain(marker :: String) do
  receive do
    piece -> if piece == marker do () else drain(marker) end
  after 5000 -> println("marker lost")
  end
end

fn main() do
  let me = self()
  let forward = fn piece do
    send(me, piece)
    "continue"
  end

  let h = Http.stream(Http.build(:get, base() <> "/pieces"), forward)
  println("stream handle non-zero: #{h != 0}")
  let (text, pieces, longest) = collect("", 0, 0)
  report("stream", text, pieces, longest)

  let hb = Http.stream_bytes(Http.build(:get, base() <> "/pieces"), forward)
  println("stream_bytes handle non-zero: #{hb != 0}")
  let (btext, bpieces, blongest) = collect("", 0, 0)
  report("stream_bytes", btext, bpieces, blongest)

  let hs = Http.stream(Http.build(:get, base() <> "/endless?stop"), fn piece do
    send(me, piece)
    "stop"
  end)
  println("stop handle non-zero: #{hs != 0}")
  receive do
    piece -> println("stop got: #{String.trim(piece)}")
  after 5000 -> println("stop: no piece")
  end
  println("stop server side: #{closed("stop")}")
  let late = receive do
    piece -> "late piece"
  after 50 -> "no piece after stop"
  end
  println(late)

  let ha = Http.stream(Http.build(:get, base() <> "/endless?atom"), fn piece do
    send(me, piece)
    :stop
  end)
  receive do
    piece -> println("atom stop got: #{String.trim(piece)}")
  after 5000 -> println("atom stop: no piece")
  end
  println("atom stop server side: #{closed("atom")}")

  let hc = Http.stream(Http.build(:get, base() <> "/endless?cancel"), forward)
  receive do
    piece -> println("cancel got: #{String.trim(piece)}")
  after 5000 -> println("cancel: no piece")
  end
  Http.cancel(hc)
  send(me, "<marker>")
  drain("<marker>")
  println("cancel server side: #{closed("cancel")}")
  let after_cancel = receive do
    piece -> "late piece: " <> piece
  after 50 -> "no piece after cancel"
  end
  println(after_cancel)
  Http.cancel(hc)
  Http.cancel(h)
  Http.cancel(0)

  let used = Http.build(:get, base() <> "/hello")
  let first = Http.send(used)
  println("consumed stream: #{Http.stream(used, forward)}")
  println("consumed stream_bytes: #{Http.stream_bytes(used, forward)}")
  let refused = "http://127.0.0.1:#{Env.get("REFUSED_PORT", "0")}/"
  println("refused stream: #{Http.stream(Http.build(:get, refused), forward)}")
  let silent = "http://127.0.0.1:#{Env.get("SILENT_PORT", "0")}/never"
  println("silent stream: #{Http.stream(Http.build(:get, silent) |> Http.timeout(300), forward)}")
  println("timed-out connection: #{closed_silent()}")
  println("done")
end
