import Main

pub fn name() -> String do
  "alpha"
end
