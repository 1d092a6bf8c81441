fn main() do
  for x in [1, 2] do
    let f = fn y do
      if y > 1 do
        break
      end
      y
    end
    println("#{f(x)}")
  end
end
