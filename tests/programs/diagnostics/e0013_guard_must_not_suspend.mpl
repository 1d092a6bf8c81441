fn main() do
  case 3 do
    n when Timer.sleep(n) == () -> println("slept")
    _ -> println("other")
  end
end
