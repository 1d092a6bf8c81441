# Spec 07 §11.1: no cookie and no hints -> Ok standalone, no node started.
fn main() do
  case Node.start_from_env() do
    Ok(st) -> do
      println("mode=${st.mode} node=[${st.node_name}] port=${st.cluster_port} seed=[${st.discovery_seed}]")
      let next :: Int = st.cluster_port + 1
      println("next port ${next}")
    end
    Err(why) -> println("boot failed: ${why}")
  end
  println("self=[${Node.self()}] peers=${Node.list()}")
end
