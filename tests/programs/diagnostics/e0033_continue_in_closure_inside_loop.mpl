fn main() do
  let xs = for i in 0..3 do
    let g = fn x do
      if x > 1 do
        continue
      end
      x
    end
    g(i)
  end
  println("#{xs}")
end
