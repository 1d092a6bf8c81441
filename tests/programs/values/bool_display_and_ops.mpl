fn main() do
  let t = true
  let f = false
  println("#{t} #{f} #{not t} #{t and f} #{t or f} #{!f} #{t && t} #{f || f}")
end
