fn iso(s :: String) -> String do
  case DateTime.from_iso8601(s) do
    Ok(dt) -> "Ok #{DateTime.to_iso8601(dt)}"
    Err(e) -> e
  end
end

fn main() do
  println(iso("2024-02-30T00:00:00Z"))
  println(iso("2023-02-29T00:00:00Z"))
  println(iso("1900-02-29T00:00:00Z"))
  println(iso("2024-13-01T00:00:00Z"))
  println(iso("2024-00-01T00:00:00Z"))
  println(iso("2024-04-31T00:00:00Z"))
  println(iso("2024-01-01T24:00:00Z"))
  println(iso("2024-01-01T23:60:00Z"))
  println(iso("2024-01-01T23:59:61Z"))
  println(iso("2024-01-01"))
  println(iso("2024-01-01T00:00:00"))
  println(iso("20240101T000000Z"))
  println(iso("2024-01-01T00:00:00+0100"))
  println(iso("2024-01-01T00:00:00+01"))
  println(iso("2024-01-01T00:00:00+24:00"))
  println(iso("2024-01-01T00:00:00+01:60"))
  println(iso(" 2024-01-01T00:00:00Z"))
  println(iso("2024-01-01T00:00:00Z "))
  println(iso("12024-01-01T00:00:00Z"))
  println(iso("2024-01-01T00:00:00.Z"))
  println(iso("2024-1-01T00:00:00Z"))
  println(iso("2024-01-01T00:00Z"))
  println(iso("2024-01-01X00:00:00Z"))
  println(iso("2024-01-01T00:00:00,5Z"))
  println(iso("２０２４-01-01T00:00:00Z"))
  println(iso(""))
end
