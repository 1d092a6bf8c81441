# Spec 06 §3.11: every validator's message, -1 bounds, code points, first error kept,
# validators skip fields absent from the changes, validate_required also reads the data.
fn err(cs :: Changeset, f :: Atom) -> String do
  let e = Changeset.get_error(cs, f)
  if e == "" do "-" else e end
end

fn main() do
  let data = %{"name" => "Ann", "bio" => ""}
  let cs = Changeset.cast(data, %{"title" => "héllo", "code" => "x1", "n" => "7", "color" => "teal"}, [:title, :code, :n, :color, :missing])
  println("changes: #{Changeset.changes(cs)}")
  println("required data: #{err(Changeset.validate_required(cs, [:name]), :name)}")
  println("required blank data: #{err(Changeset.validate_required(cs, [:bio]), :bio)}")
  println("required absent: #{err(Changeset.validate_required(cs, [:missing]), :missing)}")
  println("length ok (5 code points): #{err(Changeset.validate_length(cs, :title, 5, 5), :title)}")
  println("length min: #{err(Changeset.validate_length(cs, :title, 6, -1), :title)}")
  println("length max: #{err(Changeset.validate_length(cs, :title, -1, 4), :title)}")
  println("length unbounded: #{err(Changeset.validate_length(cs, :title, -1, -1), :title)}")
  println("format ok: #{err(Changeset.validate_format(cs, :code, "1"), :code)}")
  println("format regex is literal: #{err(Changeset.validate_format(cs, :code, "x[0-9]"), :code)}")
  println("inclusion: #{err(Changeset.validate_inclusion(cs, :color, ["red", "blue"]), :color)}")
  println("inclusion ok: #{err(Changeset.validate_inclusion(cs, :color, ["teal"]), :color)}")
  println("gt: #{err(Changeset.validate_number(cs, :n, 7, -1, -1, -1), :n)}")
  println("lt: #{err(Changeset.validate_number(cs, :n, -1, 7, -1, -1), :n)}")
  println("gte: #{err(Changeset.validate_number(cs, :n, -1, -1, 8, -1), :n)}")
  println("lte: #{err(Changeset.validate_number(cs, :n, -1, -1, -1, 6), :n)}")
  println("in range: #{err(Changeset.validate_number(cs, :n, 6, 8, 7, 7), :n)}")
  println("not a number: #{err(Changeset.validate_number(cs, :code, -1, -1, -1, -1), :code)}")
  println("absent field skipped: #{err(Changeset.validate_format(cs, :name, "@"), :name)}")
  let twice = cs |> Changeset.validate_inclusion(:color, ["red"]) |> Changeset.validate_length(:color, 9, -1)
  println("first error kept: #{err(twice, :color)}")
  println("valid: #{Changeset.valid(cs)} / #{Changeset.valid(twice)}")
  println("errors: #{Changeset.errors(twice)}")
  println("get_change absent: [#{Changeset.get_change(cs, :name)}]")
end
