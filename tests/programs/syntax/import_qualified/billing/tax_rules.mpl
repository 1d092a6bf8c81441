pub fn rate() -> Int do
  20
end

pub fn label(item :: String) -> String do
  "#{item} @ #{rate()}%"
end
