# `Mod.Type.try_from(x)` / `Mod.Type.from(x)` with `import Mod`, and the same impls
# through an imported name and `into`/`try_into` (spec 02 §10 step 6, §13.1).
import Types
from Types import PositiveInt, Level

fn show(r :: Result<PositiveInt, String>) -> String do
  case r do
    Ok(p) -> "ok #{p.value}"
    Err(e) -> e
  end
end

fn level(l :: Level) -> String do
  case l do
    Level.Low -> "low"
    Level.High -> "high"
  end
end

fn main() do
  println(show(Types.PositiveInt.try_from(7)))
  println(show(PositiveInt.try_from(-1)))
  let r :: Result<PositiveInt, String> = (-5).try_into()
  println(show(r))
  println(level(Types.Level.from(9)) <> " " <> level(Level.from(1)))
  let l :: Level = 6.into()
  println(level(l))
end
