# Spec 05 §11 (DateTime): parse an ISO 8601 timestamp with an offset, add a
# duration, compare and measure the difference. Results are printed in UTC
# with millisecond precision.

fn main() do
  case DateTime.from_iso8601("2025-03-01T23:30:00-02:00") do
    Ok(start) -> do
      let later = DateTime.add(start, 90, :minute)
      let hours = DateTime.diff(later, start, :hour)
      let ordered = DateTime.is_after(later, start)
      println(DateTime.to_iso8601(later))   # 2025-03-02T03:00:00.000Z
      println("#{hours} #{ordered}")        # 1.5 true
    end
    Err(e) -> println(e)
  end
end
