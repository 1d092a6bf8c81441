fn main() do
  let e = "é"
  println("#{String.length(e)} #{String.slice(e, 0, 1)} #{String.to_upper(e)} #{String.length(String.to_upper(e))}")
  let fam = "👨‍👩‍👧"
  println("#{String.length(fam)} #{String.length(String.slice(fam, 1, 4))}")
  let flag = "🇫🇷"
  println("#{String.length(flag)} #{String.length(String.replace(flag, "", "|"))}")
  println("#{String.length(String.join(String.split(fam, ""), ""))} #{List.length(String.split(flag, ""))}")
end
