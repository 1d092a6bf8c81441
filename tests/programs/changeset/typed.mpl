# Spec 06 §3.11: cast_with_types coerces by "<field>:<SQL>" entries.
fn main() do
  let types = ["id:BIGINT", "price:DOUBLE PRECISION", "done:BOOLEAN", "title:TEXT"]
  let good = Changeset.cast_with_types(%{}, %{"id" => " 42 ", "price" => "9.5", "done" => "Yes", "title" => " t "}, [:id, :price, :done, :title], types)
  println("good: #{Changeset.valid(good)} #{Changeset.changes(good)}")
  let bad = Changeset.cast_with_types(%{}, %{"id" => "4.2", "price" => "cheap", "done" => "maybe", "title" => "ok"}, [:id, :price, :done, :title], types)
  println("bad: #{Changeset.valid(bad)} #{Changeset.errors(bad)} #{Changeset.changes(bad)}")
  let no = Changeset.cast_with_types(%{}, %{"done" => "F"}, [:done], types)
  println("false: #{Changeset.get_change(no, :done)}")
end
