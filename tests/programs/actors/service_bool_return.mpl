service Feature do
  fn init(on :: Bool) -> Bool do
    on
  end

  call IsEnabled() :: Bool do |on|
    (on, on)
  end

  call SetEnabled(value :: Bool) :: Bool do |_on|
    (value, value)
  end
end

fn main() do
  let f = Feature.start(true)
  println("#{Feature.is_enabled(f)}")
  println("#{Feature.set_enabled(f, true)}")
  println("#{Feature.set_enabled(f, false)}")
  let _ = Feature.set_enabled(f, true)
  println("enabled:#{Feature.is_enabled(f)}")
  let _ = Feature.set_enabled(f, false)
  println("disabled:#{Feature.is_enabled(f)}")
end
