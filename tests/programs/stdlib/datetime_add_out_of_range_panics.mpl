fn main() do
  case DateTime.from_unix_ms(0) do
    Ok(dt) -> do
      println("start")
      let far = DateTime.add(dt, 9223372036854775807, :ms)
      println(DateTime.to_iso8601(far))
    end
    Err(e) -> println(e)
  end
end
