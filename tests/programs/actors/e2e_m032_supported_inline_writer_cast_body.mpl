# A writer keeping the last two lines; the cast body computes the new state inline.
service Writer do
  fn init() -> List<String> do
    []
  end

  cast Write(line :: String) do |lines|
    let next = List.append(lines, line)
    if List.length(next) > 2 do
      List.drop(next, 1)
    else
      next
    end
  end

  cast Clear() do |_lines|
    []
  end

  call Snapshot() :: String do |lines|
    (lines, "#{List.length(lines)}:#{String.join(lines, ",")}")
  end
end

fn main() do
  let w = Writer.start()
  Writer.write(w, "one")
  println(Writer.snapshot(w))
  Writer.write(w, "two")
  println(Writer.snapshot(w))
  Writer.write(w, "three")
  println(Writer.snapshot(w))
  Writer.clear(w)
  Writer.write(w, "alpha")
  println(Writer.snapshot(w))
  Writer.clear(w)
  println(Writer.snapshot(w))
end
