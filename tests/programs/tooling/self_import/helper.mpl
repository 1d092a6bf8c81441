import Helper

pub fn f() -> Int do
  1
end
