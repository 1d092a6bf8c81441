pub fn double(n :: Int) -> Int do
  n * 2
end

pub fn triple(n :: Int) -> Int do
  n * 3
end
