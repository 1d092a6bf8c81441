"""`mesh cluster status|continuity|diagnostics` (spec 07 §11.9, 08 §13): the operator
client. It authenticates with the cookie as a transient client and never joins the
cluster (mesh/cluster/operator_client.py); the node builds the JSON (operator.py).

Exit status: 0 ok; 1 for every failure of §11.9 (`error: <message>`); 2 for usage errors
(08 §1.1). The cookie is never printed, whatever fails.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from mesh.cli import UsageError, prog_name, suggest, unexpected

USAGE = """\
Usage:
  {prog} cluster status      <node> [--json] [--cookie C] [--timeout-ms MS]
  {prog} cluster continuity  <node> [<request-key>] [--json] [--limit N] [--cookie C] [--timeout-ms MS]
  {prog} cluster diagnostics <node> [--json] [--limit N] [--cookie C] [--timeout-ms MS]

<node> is name@host:port. The cookie is --cookie, else MESH_CLUSTER_COOKIE.
Default timeout 5000 ms.
"""

SUBCOMMANDS = ("status", "continuity", "diagnostics")
FLAGS = ("--json", "--cookie", "--timeout-ms", "--limit", "--help")
RECORD_ORDER = (
    "request_key",
    "attempt_id",
    "phase",
    "result",
    "ingress_node",
    "owner_node",
    "replica_node",
    "replication_count",
    "execution_node",
    "declared_handler_runtime_name",
    "replica_status",
    "cluster_role",
    "promotion_epoch",
    "replication_health",
    "routed_remotely",
    "fell_back_locally",
    "error",
)
LIST_LINE = (
    ("request_key", "request_key"),
    ("attempt_id", "attempt_id"),
    ("phase", "phase"),
    ("result", "result"),
    ("owner", "owner_node"),
    ("replica", "replica_node"),
    ("replication_count", "replication_count"),
    ("execution", "execution_node"),
    ("declared_handler_runtime_name", "declared_handler_runtime_name"),
    ("replica_status", "replica_status"),
    ("cluster_role", "cluster_role"),
    ("promotion_epoch", "promotion_epoch"),
    ("replication_health", "replication_health"),
    ("error", "error"),
)
DIAG_LINE = (
    ("seq", "sequence"),
    ("transition", "transition"),
    ("request_key", "request_key"),
    ("attempt_id", "attempt_id"),
    ("owner", "owner_node"),
    ("replica", "replica_node"),
    ("execution", "execution_node"),
    ("cluster_role", "cluster_role"),
    ("promotion_epoch", "promotion_epoch"),
    ("replication_health", "replication_health"),
    ("replica_status", "replica_status"),
    ("reason", "reason"),
)


class Failure(Exception):
    """A §11.9 error: printed as `error: <message>`, exit 1."""


@dataclass
class Args:
    sub: str
    node: str
    key: str | None = None
    json: bool = False
    cookie: str | None = None
    timeout_ms: int = 5000
    limit: int | None = None

    @property
    def kind(self) -> str:
        if self.sub == "continuity":
            return "continuity_list" if self.key is None else "continuity_lookup"
        return self.sub


def _positive(flag: str, v: str) -> int:
    if not v.isdigit() or int(v) <= 0:
        raise UsageError(f"invalid value '{v}' for '{flag}': expected a positive integer")
    return int(v)


def parse(argv: list[str]) -> Args:
    pos: list[str] = []
    opts: dict = {}
    it = iter(argv)
    for a in it:
        if a.startswith("--") and a != "--":
            name, eq, val = a.partition("=")
            if name == "--json" and not eq:
                opts["json"] = True
                continue
            if name not in ("--cookie", "--timeout-ms", "--limit"):
                raise unexpected(a, FLAGS)
            if not eq:
                val = next(it, None)
                if val is None:
                    raise UsageError(f"a value is required for '{name} <VALUE>'")
            opts[name] = val
        elif a.startswith("-") and a != "-":
            raise unexpected(a, FLAGS)
        else:
            pos.append(a)
    if not pos:
        raise UsageError("a subcommand is required: status, continuity or diagnostics")
    sub = pos[0]
    if sub not in SUBCOMMANDS:
        raise UsageError(
            f"unrecognized subcommand '{sub}'" + suggest(sub, SUBCOMMANDS, "subcommand")
        )
    if len(pos) < 2:
        raise UsageError(f"the <node> argument of 'cluster {sub}' is required")
    extra = 3 if sub == "continuity" else 2
    if len(pos) > extra:
        raise UsageError(f"unexpected argument '{pos[extra]}' found")
    if "--limit" in opts and sub == "status":
        raise UsageError("unexpected argument '--limit' found")
    args = Args(
        sub, pos[1], pos[2] if len(pos) > 2 else None, opts.get("json", False), opts.get("--cookie")
    )
    if "--timeout-ms" in opts:
        args.timeout_ms = _positive("--timeout-ms", opts["--timeout-ms"])
    if "--limit" in opts:
        args.limit = _positive("--limit", opts["--limit"])
    return args


def check(args: Args, env, cli: str) -> str:
    """The §11.9 CLI-level checks; returns the cookie."""
    if args.key is not None and args.limit is not None:
        raise Failure(
            f"{cli} cluster continuity does not accept --limit when request_key is provided"
        )
    if args.key is not None and not args.key.strip():
        raise Failure(f"operator query {args.kind} invalid: request_key_missing")
    if args.cookie is not None:
        if not args.cookie.strip():
            raise Failure(f"{cli} cluster: --cookie must not be blank")
        return args.cookie.strip()
    env_cookie = env.get("MESH_CLUSTER_COOKIE")
    if env_cookie is None:
        raise Failure(f"{cli} cluster: MESH_CLUSTER_COOKIE is required unless --cookie is provided")
    if not env_cookie.strip():
        raise Failure(f"{cli} cluster: MESH_CLUSTER_COOKIE must not be blank")
    return env_cookie.strip()


# ---------------------------------------------------------------- rendering


def _v(x) -> str:
    if x is None:
        return ""
    if type(x) is bool:
        return "true" if x else "false"
    return str(x)


def _names(title: str, names: list) -> list[str]:
    return [f"{title}:"] + ([f"  - {n}" for n in names] or ["  - (none)"])


def render_human(kind: str, doc: dict) -> str:
    if kind == "status":
        m, a = doc["membership"], doc["authority"]
        lines = [
            f"target: {doc['target']}",
            f"local_node: {m['local_node']}",
            *_names("peer_nodes", m["peer_nodes"]),
            *_names("nodes", m["nodes"]),
            f"cluster_role: {a['cluster_role']}",
            f"promotion_epoch: {a['promotion_epoch']}",
            f"replication_health: {a['replication_health']}",
        ]
    elif kind == "continuity_lookup":
        r = doc["record"]
        lines = [f"{f}: {_v(r.get(f))}" for f in RECORD_ORDER]
    elif kind == "continuity_list":
        lines = [
            f"target: {doc['target']}",
            f"total_records: {doc['total_records']}",
            f"truncated: {_v(doc['truncated'])}",
        ]
        recs = doc["records"]
        lines.append("records:" if recs else "records: (none)")
        for r in recs:
            lines.append("- " + " ".join(f"{k}={_v(r.get(f))}" for k, f in LIST_LINE))
    else:
        lines = [
            f"target: {doc['target']}",
            f"total_entries: {doc['total_entries']}",
            f"dropped_entries: {doc['dropped_entries']}",
            f"buffer_capacity: {doc['buffer_capacity']}",
            f"truncated: {_v(doc['truncated'])}",
        ]
        entries = doc["entries"]
        lines.append("entries:" if entries else "entries: (none)")
        for e in entries:
            lines.append("- " + " ".join(f"{k}={_v(e.get(f))}" for k, f in DIAG_LINE))
            lines += [f"    {m['key']}={_v(m['value'])}" for m in e.get("metadata") or []]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- running


def run_query(args: Args, cookie: str) -> dict:
    import trio

    from mesh.cluster import operator_client as oc
    from mesh.cluster.names import NodeNameError, parse_node_name

    where = f"operator query {args.kind} target {args.node}"
    try:
        parse_node_name(args.node)
    except NodeNameError as e:
        raise Failure(f"{where} unavailable: invalid node name: {e}") from None
    arg = args.key if args.kind == "continuity_lookup" else args.limit

    async def go():
        with trio.move_on_after(args.timeout_ms / 1000):
            return await oc.query(args.node, cookie, args.kind, arg)
        return None

    try:
        reply = trio.run(go)
    except oc.Unavailable as e:
        raise Failure(f"{where} unavailable: {e}") from None
    except oc.ReplyDecodeError as e:
        raise Failure(f"{where} decode failed: {e}") from None
    if reply is None:
        raise Failure(f"{where} timed out after {args.timeout_ms}ms")
    ok, text = reply
    if not ok:
        raise Failure(f"{where} rejected: {text}")
    try:
        doc = json.loads(text)
        if type(doc) is not dict or "target" not in doc:
            raise ValueError("not an operator document")
        if not args.json:
            render_human(args.kind, doc)  # a reply missing a field is a decode failure
    except (ValueError, KeyError, TypeError) as e:
        raise Failure(f"{where} decode failed: {e}") from None
    return doc


def main(argv: list[str]) -> int:
    cli = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=cli))
        return 0
    try:
        args = parse(argv)
    except UsageError as e:
        sys.stderr.write(f"error: {e}\n\n" + USAGE.format(prog=cli))
        return 2
    try:
        cookie = check(args, os.environ, cli)
        doc = run_query(args, cookie)
    except Failure as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_human(args.kind, doc))
    return 0
