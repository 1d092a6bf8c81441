# Spec 07 §11.1 step 7: a node started earlier by Node.start makes start_from_env fail.
fn main() do
  println("start ${Node.start("first@127.0.0.1:0", "another-cookie")}")
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode}")
    Err(why) -> println("boot failed: ${why}")
  end
end
