# init runs in the calling process before the service process exists.
service Holder do
  fn init(label :: String) -> String do
    println("init in #{self()}")
    label
  end

  call Label() :: String do |s|
    (s, s)
  end
end

fn main() do
  let h = Holder.start("kept")
  println("service is #{h}")
  println(Holder.label(h))
end
