# A stream callback must return String or Atom (spec 05 §12.4); Int matches neither overload.
fn main() do
  println("#{Http.stream(Http.build(:get, "http://127.0.0.1:1/"), fn _ -> 1 end)}")
end
