fn main() do
  case DateTime.from_unix_ms(0) do
    Ok(base) -> do
      println(DateTime.to_iso8601(DateTime.add(base, 1, :ms)))
      println(DateTime.to_iso8601(DateTime.add(base, 2, :second)))
      println(DateTime.to_iso8601(DateTime.add(base, 3, :minute)))
      println(DateTime.to_iso8601(DateTime.add(base, -1, :hour)))
      println(DateTime.to_iso8601(DateTime.add(base, 1, :day)))
      println(DateTime.to_iso8601(DateTime.add(base, 1, :week)))
      println(DateTime.to_iso8601(DateTime.add(base, 0, :week)))
      let week_later = DateTime.add(base, 1, :week)
      println("#{DateTime.diff(week_later, base, :day)}")
      println("#{DateTime.diff(week_later, base, :week)}")
      let later = DateTime.add(base, 90, :minute)
      println("#{DateTime.diff(later, base, :hour)}")
      println("#{DateTime.diff(base, later, :minute)}")
      println("#{DateTime.diff(later, base, :ms)}")
      println("#{DateTime.diff(later, later, :second)}")
      println("#{DateTime.diff(DateTime.add(base, 1, :ms), base, :second)}")
      println(DateTime.to_iso8601(datetime_add(base, 36, :hour)))
      println("#{datetime_diff(base, DateTime.add(base, 12, :hour), :day)}")
    end
    Err(e) -> println(e)
  end
end
