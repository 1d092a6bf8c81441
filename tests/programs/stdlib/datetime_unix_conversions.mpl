fn show(r :: Result<DateTime, String>) -> String do
  case r do
    Ok(dt) -> DateTime.to_iso8601(dt)
    Err(e) -> "Err(#{e})"
  end
end

fn secs(ms :: Int) -> String do
  case DateTime.from_unix_ms(ms) do
    Ok(dt) -> "#{DateTime.to_unix_secs(dt)}"
    Err(e) -> e
  end
end

fn main() do
  println(show(DateTime.from_unix_ms(0)))
  println(show(DateTime.from_unix_ms(1700000000123)))
  println(show(DateTime.from_unix_secs(-1)))
  println(show(DateTime.from_unix_ms(-1)))
  println(show(DateTime.from_unix_ms(253402300800000)))
  println(show(DateTime.from_unix_ms(-62198755200000)))
  println(show(DateTime.from_unix_ms(-62167219200000)))
  println(show(DateTime.from_unix_ms(9223372036854775807)))
  println(show(DateTime.from_unix_ms(-9223372036854775808)))
  println(show(DateTime.from_unix_secs(9223372036854775807)))
  println(show(DateTime.from_unix_secs(-9223372036854775808)))
  println(show(DateTime.from_unix_secs(100000000000000)))
  println(secs(-1500))
  println(secs(1999))
  println(secs(-999))
  println(secs(-1000))
  case DateTime.from_unix_secs(1700000000) do
    Ok(dt) -> println("#{DateTime.to_unix_ms(dt)} #{DateTime.to_unix_secs(dt)}")
    Err(e) -> println(e)
  end
  case DateTime.from_iso8601("1970-01-01T00:00:01.250+00:00") do
    Ok(dt) -> println("#{datetime_to_unix_ms(dt)} #{datetime_to_unix_secs(dt)}")
    Err(e) -> println(e)
  end
  println(show(datetime_from_unix_ms(86400000)))
  println(show(datetime_from_unix_secs(86400)))
end
