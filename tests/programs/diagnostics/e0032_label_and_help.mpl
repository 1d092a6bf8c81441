fn main() do
  break
end
