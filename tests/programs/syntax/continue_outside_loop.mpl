fn helper() do
  continue
end

fn main() do
  helper()
end
