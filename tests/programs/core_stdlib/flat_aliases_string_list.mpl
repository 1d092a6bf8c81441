fn main() do
  println("#{string_length("Grüße")} #{string_slice("hello", 1, 3)} #{string_contains("abc", "b")} #{string_starts_with("abc", "a")} #{string_ends_with("abc", "c")}")
  println("[#{string_trim("  x ")}] #{string_to_upper("ab")} #{string_to_lower("AB")} #{string_replace("a.b", ".", "-")}")
  println("#{string_split("a,b", ",")} #{string_join(["x", "y"], "+")} #{string_to_int("12")} #{string_to_float("1.5")} #{string_from(true)}")
  println("#{string_collect(Iter.from(["p", "q"]))}")
  let xs = list_append(list_new(), 3)
  let ys = list_concat(xs, [1, 2])
  println("#{xs} #{ys} #{list_length(ys)} #{list_head(ys)} #{list_tail(ys)} #{list_last(ys)} #{list_get(ys, 1)} #{list_nth(ys, 2)}")
  println("#{list_reverse(ys)} #{list_map(ys, fn x -> x * 2 end)} #{list_filter(ys, fn x -> x > 1 end)} #{list_reduce(ys, 0, fn(a, x) -> a + x end)}")
  println("#{list_sort(ys, fn(a, b) -> a - b end)} #{list_find(ys, fn x -> x < 3 end)} #{list_any(ys, fn x -> x == 2 end)} #{list_all(ys, fn x -> x > 0 end)} #{list_contains(ys, 9)}")
  println("#{list_zip(ys, ys)} #{list_enumerate([7])} #{list_flat_map([1], fn x -> [x, x] end)} #{list_flatten([[1], [2]])}")
  println("#{list_take(ys, 1)} #{list_drop(ys, 1)} #{list_collect(Iter.from([4]))}")
end
