fn main() do
  let name = "x"
  case "hi x" do
    "hi #{name}" -> println("match")
    _ -> println("no")
  end
end
