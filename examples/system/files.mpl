# Spec 05 §3 (File): write, append, read and delete a file in the current
# directory. Every call returns a Result; `let _ =` discards the ones we do not
# inspect.
#
# Prints `first`, `second`, then `false` (the file is gone).

fn main() do
  let log = "demo.log"
  let _ = File.write(log, "first\n")
  let _ = File.append(log, "second\n")
  case File.read(log) do
    Ok(text) -> print(text)
    Err(reason) -> IO.eprintln("read failed: #{reason}")
  end
  let _ = File.delete(log)
  println("#{File.exists(log)}")   # false
end
