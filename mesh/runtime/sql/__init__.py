"""Sans-IO SQL text for the query layer (spec 06 §3.8–§3.10, §3.14): fragments with bound
parameters, the immutable `Query` value and its rendering. No I/O here; the Mesh modules
`Query`, `Expr`, `Repo` (mesh/runtime/stdlib/) build on it."""
