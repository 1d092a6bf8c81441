fn show(r :: Option<List<String>>) -> String do
  case r do
    Some(parts) -> "Some(#{String.join(parts, "|")}) #{List.length(parts)}"
    None -> "None"
  end
end

fn main() do
  println(show(Regex.captures(~r/(a)|(b)/, "xb")))
  println(show(Regex.captures(~r/(\d+)/, "none here")))
  println(show(Regex.captures(~r/\d+/, "ab 12 34")))
  println(show(Regex.captures(~r/(?<year>\d{4})-(?P<mon>\d{2})/, "on 2024-11-05")))
  println(show(Regex.captures(~r/(x)?y/, "y")))
  println(show(Regex.captures(~r/(a+)(b*)/, "caab")))
  println(show(regex_captures(~r/(z)/, "z")))
end
