# Spec 07 §11.1: Node.start_from_env() driven by NAME.env.
fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode} node=${st.node_name} port=${st.cluster_port}")
    Err(why) -> println("boot failed: ${why}")
  end
end
