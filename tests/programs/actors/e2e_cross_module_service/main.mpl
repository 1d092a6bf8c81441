from Services import Vault

fn main() do
  let v = Vault.start(100)
  println("#{Vault.get(v)}")
  Vault.set(v, 200)
  println("#{Vault.take(v)}")
  println("#{Vault.get(v)}")
end
