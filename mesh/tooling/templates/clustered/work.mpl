# Clustered work: the runtime runs every `@cluster` function once per cluster
# (runtime name `Work.add`; replication count 2 = owner + mirrored replica).
@cluster pub fn add() -> Int do
  1 + 1
end
