fn main() do
  let now = DateTime.utc_now()
  let text = DateTime.to_iso8601(now)
  println("#{String.length(text)} #{String.ends_with(text, "Z")}")
  case DateTime.from_iso8601("2020-01-01T00:00:00Z") do
    Ok(past) -> println("#{DateTime.is_after(now, past)}")
    Err(e) -> println(e)
  end
  case DateTime.from_iso8601(text) do
    Ok(again) -> println("#{DateTime.to_unix_ms(again) == DateTime.to_unix_ms(now)}")
    Err(e) -> println(e)
  end
  let later = datetime_utc_now()
  println("#{DateTime.is_before(later, now)}")
end
