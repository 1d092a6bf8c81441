# Spec 05 §8 (Crypto): digests and HMACs as lowercase hex, and a
# constant-time comparison for checking signatures.

fn main() do
  let tag = Crypto.hmac_sha256("k", "m")
  println(tag)   # b60090e3052297aeb5a080889ce2fc4bca957e756faeb4df7d31800ca1e771ec
  let again = Crypto.hmac_sha256("k", "m")
  let same = Crypto.secure_compare(tag, again)
  println("#{same}")   # true
  println(Crypto.sha256("abc"))
  # ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
end
