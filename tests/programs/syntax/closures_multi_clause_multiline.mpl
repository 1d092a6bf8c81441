fn main() do
  let multi = fn 0 -> "zero"
    | n when n < 0 do
      let m = 0 - n
      "minus #{m}"
    end
    | _ -> "plus"
  end
  println("#{multi(0)} #{multi(-2)} #{multi(5)}")
end
