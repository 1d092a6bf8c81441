"""Our own PostgreSQL client (frontend/backend protocol v3) for the `Pg`, `Pool` and
`Postgres` Mesh modules (spec 06 §3.3–§3.5; see docs/postgres.md for why it is not asyncpg).

  url.py       connection URL parsing (§3.3 error texts)
  scram.py     SCRAM-SHA-256 client (RFC 5802 / RFC 7677)
  protocol.py  sans-IO messages, decoder and the startup/query state machines
  conn.py      the Trio connection (TCP or Unix socket, optional TLS)
  pool.py      the connection pool of §3.4
"""
