fn kind(p :: String) -> String do
  case Regex.compile(p) do
    Ok(_) -> "Ok"
    Err(e) -> if String.starts_with(e, "regex parse error:") do
      "Err"
    else
      "Err without prefix: #{e}"
    end
  end
end

fn main() do
  println(kind("(unclosed"))
  println(kind("unopened)"))
  println(kind("a{"))
  println(kind("x{y}"))
  println(kind("a{3,2}"))
  println(kind("*a"))
  println(kind("[abc"))
  println(kind("[z-a]"))
  println(kind("(?=x)"))
  println(kind("(?!x)"))
  println(kind("(?<=x)y"))
  println(kind("(?<!x)y"))
  println(kind("(a)\\1"))
  println(kind("(?>a)"))
  println(kind("a*+"))
  println(kind("\\"))
  println(kind("\\q"))
  println(kind("(?P<n>a)(?P<n>b)"))
  println(kind("\\p{NoSuchClass}"))
  println(kind("a{2}"))
  println(kind("(?i)abc"))
  println(kind(""))
  println(kind("a|"))
  println(kind("[]a]"))
  println(kind("\\{x\\}"))
  case Regex.compile("(unclosed") do
    Ok(_) -> println("?")
    Err(e) -> do
      println("#{String.contains(e, "    (unclosed")}")
      println("#{String.contains(e, "error: unclosed group")}")
    end
  end
  case regex_compile("[0-9]+") do
    Ok(rx) -> println("#{Regex.is_match(rx, "a1")}")
    Err(e) -> println(e)
  end
end
