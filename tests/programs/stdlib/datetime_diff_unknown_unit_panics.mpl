fn go(dt :: DateTime, unit :: Atom) -> String do
  "#{DateTime.diff(dt, dt, unit)}"
end

fn main() do
  case DateTime.from_unix_ms(0) do
    Ok(dt) -> do
      println("before")
      println(go(dt, :fortnight))
      println("after")
    end
    Err(e) -> println(e)
  end
end
