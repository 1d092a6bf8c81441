fn iso(s :: String) -> String do
  case DateTime.from_iso8601(s) do
    Ok(dt) -> DateTime.to_iso8601(dt)
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  println(iso("2024-02-29T12:00:00Z"))
  println(iso("2024-02-29t12:00:00z"))
  println(iso("2024-02-29 12:00:00+00:00"))
  println(iso("2000-01-01T00:00:00.123456789123Z"))
  println(iso("2000-01-01T00:00:00.9999Z"))
  println(iso("2000-01-01T00:00:00.5Z"))
  println(iso("2000-01-01T00:00:00+05:30"))
  println(iso("2000-01-01T00:00:00−01:00"))
  println(iso("2000-01-01T00:00:00-00:00"))
  println(iso("2016-12-31T23:59:60Z"))
  println(iso("0000-01-01T00:00:00Z"))
  println(iso("9999-12-31T23:59:59.999Z"))
  println(iso("0000-01-01T00:00:00+01:00"))
  println(iso("2000-02-29T00:00:00Z"))
  println(iso("2024-06-15T08:09:10.007+23:59"))
  println(datetime_to_iso8601(DateTime.utc_now()) |> String.length() |> Int.to_string())
end
