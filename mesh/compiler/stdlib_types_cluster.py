"""Static types of the distribution stdlib (spec 07 §2, §9), same format as
`stdlib_types.SIGNATURES`; the lead merges them. Python implementations:
`mesh.runtime.stdlib.node` / `global_` / `continuity` (see docs/internals/cluster-contract.md).

`Node.spawn(node, f, args...)` and `Node.spawn_link(node, f, args...)` are variadic and take
a top-level function *name*; they are compiled specially (like the `spawn` keyword) and are
listed in `CLUSTER_SPECIAL_FORMS` instead of `CLUSTER_SIGNATURES`: `f` must name a top-level
function or actor (closures and local bindings are a compile error), every argument type must
be sendable (function and closure types are a compile error), and the result is `Pid`
(typed like `spawn f(args...)`, i.e. `Pid<M>` of the actor's message type).
"""

from __future__ import annotations

CLUSTER_MODULES: dict[str, str] = {
    "Node": "node",
    "Global": "global_",
    "Continuity": "continuity",
}

CLUSTER_SIGNATURES: dict[str, str] = {
    "Node.start": "(String, String) -> Int",
    "Node.connect": "(String) -> Int",
    "Node.self": "() -> String",
    "Node.list": "() -> List<String>",
    "Node.monitor": "(String) -> Int",
    "Node.start_from_env": "() -> Result<BootstrapStatus, String>",
    "Global.register": "<M>(String, Pid<M>) -> Int",
    "Global.whereis": "(String) -> Pid",
    "Global.unregister": "(String) -> Int",
    # the low-level continuity API (07 §11.7); `Continuity.promote` is E0046
    "Continuity.submit": "(String, String, String, String, String, Int, Bool, Bool) "
    "-> Result<ContinuitySubmitDecision, String>",
    "Continuity.submit_declared_work": "(String, String, String, Int) "
    "-> Result<ContinuitySubmitDecision, String>",
    "Continuity.status": "(String) -> Result<ContinuityRecord, String>",
    "Continuity.authority_status": "() -> Result<ContinuityAuthorityStatus, String>",
    "Continuity.mark_completed": "(String, String, String) -> Result<ContinuityRecord, String>",
    "Continuity.acknowledge_replica": "(String, String) -> Result<ContinuityRecord, String>",
}

# Built-in structs: name -> {field: type name}. Field access is typed from this table
# (types/infer.py `field_of`); runtime classes live next to the functions returning them.
CLUSTER_STRUCTS: dict[str, dict[str, str]] = {
    "BootstrapStatus": {
        "mode": "String",
        "node_name": "String",
        "cluster_port": "Int",
        "discovery_seed": "String",
    },
    "ContinuityAuthorityStatus": {
        "cluster_role": "String",
        "promotion_epoch": "Int",
        "replication_health": "String",
    },
    # the 17 fields of a record (07 §11.4) without `declared_handler_runtime_name`
    "ContinuityRecord": {
        "request_key": "String",
        "payload_hash": "String",
        "attempt_id": "String",
        "phase": "String",
        "result": "String",
        "ingress_node": "String",
        "owner_node": "String",
        "replica_node": "String",
        "replication_count": "Int",
        "replica_status": "String",
        "cluster_role": "String",
        "promotion_epoch": "Int",
        "replication_health": "String",
        "execution_node": "String",
        "routed_remotely": "Bool",
        "fell_back_locally": "Bool",
        "error": "String",
    },
    "ContinuitySubmitDecision": {
        "outcome": "String",
        "conflict_reason": "String",
        "record": "ContinuityRecord",
    },
}

# Variadic forms compiled by codegen (see module docstring and the contract doc).
CLUSTER_SPECIAL_FORMS: dict[str, str] = {
    "Node.spawn": "(String, <top-level fn name>, args...) -> Pid",
    "Node.spawn_link": "(String, <top-level fn name>, args...) -> Pid",
}

# Qualified names whose call suspends: codegen must `await` them and colour the caller async.
CLUSTER_SUSPENDING: frozenset[str] = frozenset(
    {
        "Node.connect",
        "Node.spawn",
        "Node.spawn_link",
        "Continuity.submit_declared_work",  # waits for the replica's prepare ack (≤ 5 s)
    }
)
