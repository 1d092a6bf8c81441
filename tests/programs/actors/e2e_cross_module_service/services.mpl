service Vault do
  fn init(value :: Int) -> Int do
    value
  end

  call Get() :: Int do |value|
    (value, value)
  end

  cast Set(value :: Int) do |_old|
    value
  end

  call Take() :: Int do |value|
    (0, value)
  end
end
