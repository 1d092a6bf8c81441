fn shout(s :: String) -> String do
  String.to_upper(s)
end

fn main() do
  let j = json { a: "x" }
  println(shout(j))
  println("#{String.length(j)}")
  case Json.parse("[1, 2]") do
    Ok(doc) -> do
      println(shout(doc))
      println(Json.get("{\"d\":1}", "d"))
    end
    Err(e) -> println(e)
  end
end
