fn method_name(m :: Atom) -> String do
  case m do
    :get -> "GET"
    :post -> "POST"
    _ -> "OTHER"
  end
end

fn main() do
  println(method_name(:get))
  println(method_name(:post))
  println(method_name(:_x1))
  let pair = (:ok, 5)
  case pair do
    (:ok, n) -> println("ok #{n}")
    (:error, _) -> println("error")
    _ -> println("other")
  end
  println("#{:day == :day} #{:day == :night}")
end
