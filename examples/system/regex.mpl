# Spec 05 §7 (Regex): `~r/.../flags` literals, captures (group 0 is the whole
# match), replacement templates with `$N`, and flags such as `i`.

fn main() do
  let stamp = ~r/(\d{4})-(\d{2})/
  case Regex.captures(stamp, "billing 2025-07 closed") do
    Some(parts) -> println(List.get(parts, 2))   # 07
    None -> println("no date")
  end
  println(Regex.replace(stamp, "2025-07", "$2/$1"))      # 07/2025
  println(Regex.replace(~r/\s+/, "a  b\tc", "_"))          # a_b_c
  let loud = Regex.is_match(~r/^mesh$/i, "MESH")
  println("#{loud}")                                       # true
end
