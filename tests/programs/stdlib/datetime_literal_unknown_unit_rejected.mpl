fn main() do
  let now = DateTime.utc_now()
  let later = DateTime.add(now, 1, :fortnight)
  println(DateTime.to_iso8601(later))
end
