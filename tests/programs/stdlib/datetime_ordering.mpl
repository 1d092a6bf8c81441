fn main() do
  case DateTime.from_iso8601("2024-01-01T00:00:00Z") do
    Ok(a) -> do
      let b = DateTime.add(a, 1, :ms)
      println("#{DateTime.is_before(a, b)} #{DateTime.is_after(a, b)}")
      println("#{DateTime.is_before(b, a)} #{DateTime.is_after(b, a)}")
      println("#{DateTime.is_before(a, a)} #{DateTime.is_after(a, a)}")
      println("#{datetime_is_before(a, b)} #{datetime_is_after(a, b)}")
    end
    Err(e) -> println(e)
  end
end
