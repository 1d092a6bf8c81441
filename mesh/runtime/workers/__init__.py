"""Node-per-core workers (docs/internals/workers.md): `MESH_WORKERS=N` turns a program into
a supervisor of N worker processes, each an ordinary Mesh node."""
