type Maybe<T> do
  Just(T)
  Nothing
end deriving(Display)

fn or_else<T>(m :: Maybe<T>, d :: T) -> T do
  case m do
    Just(v) -> v
    Nothing -> d
  end
end

fn main() do
  let m :: Maybe<Int> = Nothing
  let j = Just("x")
  println("#{or_else(m, 7)} #{or_else(j, "y")} #{m} #{j}")
end
