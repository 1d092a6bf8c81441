# Spec 06 §3.11: the signup example, each failing rule, changes and the display form.
fn signup(params) do
  Changeset.cast(%{}, params, [:email, :age])
    |> Changeset.validate_required([:email])
    |> Changeset.validate_format(:email, "@")
    |> Changeset.validate_number(:age, 12, -1, -1, 130)
end

fn show(label :: String, cs :: Changeset) do
  println("#{label}: valid=#{Changeset.valid(cs)} email=#{Changeset.get_error(cs, :email)} age=#{Changeset.get_error(cs, :age)}")
end

fn main() do
  show("ok", signup(%{"email" => "a@b.c", "age" => "30", "admin" => "true"}))
  show("blank", signup(%{"age" => "30"}))
  show("format", signup(%{"email" => "nope", "age" => "12"}))
  show("nan", signup(%{"email" => "a@b", "age" => "x"}))
  show("old", signup(%{"email" => "a@b", "age" => "131"}))
  let cs = signup(%{"email" => "a@b.c", "age" => "30", "admin" => "true"})
  println("#{Changeset.changes(cs)}")
  println("#{cs}")
end
