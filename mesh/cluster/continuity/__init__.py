"""The continuity layer of the clustered runtime (spec 07 §11.3–§11.4, §11.8), sans-IO:
`authority` (roles, epochs, fencing, promotion), `record` (one record, ranks, merge
order, wire form), `diagnostics` (the ring buffer), `store` (the per-node state machine).
The session wiring lives in mesh/cluster and only feeds frames in and drains outputs."""
