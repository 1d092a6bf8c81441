fn main() do
  println("started from lib/start.mpl")
end
