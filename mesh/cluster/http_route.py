"""Clustered HTTP requests on the cluster side (spec 07 §11.4, §11.6).

`HttpRoutes.dispatch` is what the ingress does per request: submit a continuity record
placed on the hash ring, mirror it on the replica when N = 2, then execute on the owner —
here (`run_local`) or over a transient authenticated connection (`route_link`) — and
complete the record. `HttpRoutes.serve` is the owner's side of such a connection. The HTTP
side (mesh.runtime.http.clustered) encodes requests and responses and runs handlers; it
reaches this module through `dispatch` and the `execute` hook, so mesh.cluster imports no
HTTP code.

Frames on a route connection (tags in `frames.py`):

| frame | fields |
|---|---|
| `HTTP_ROUTE_QUERY` (0x25) | `[runtime name, request key, attempt id, record, request]` — `request` is the encoded request (bytes) whose SHA-256 is the record's payload hash |
| `HTTP_ROUTE_REPLY` (0x26) | `[outcome, value, record]` — `ok` (value: encoded response), `failed` (value: reason), `crashed` (value: panic message); `record` is the owner's terminal copy or nil |

Route frames hold plain data only (strings, integers, bytes, lists, nil), so they use msgpack
directly instead of the node codec, which refuses bytes and knows Mesh values.

The query carries the record itself and the reply carries the owner's terminal copy back,
so the ingress copy is terminal before the client gets its response. Neither side also
upserts those copies to the other on the session (`Replication.carried`): the other peers
get every transition as `CONT_UPSERT`, the owner and the ingress get it in these frames —
with two nodes a request routed to its owner costs the query and the reply only. A reply
that cannot be written is upserted instead.
"""

from __future__ import annotations

import hashlib

import msgpack
import trio

from . import program
from .continuity.record import ContinuityRecord, from_wire, to_wire
from .continuity.store import ContinuityError
from .frames import T_HTTP_ROUTE_QUERY, T_HTTP_ROUTE_REPLY
from .framing import SESSION_LIMIT, FrameDecoder, FrameTooLarge
from .placement import place
from .route_link import IDLE_SERVER, RouteLinkError, RoutePool, send_frame

_BROKEN = (trio.BrokenResourceError, trio.ClosedResourceError, OSError)

REPLY_TIMEOUT = 5.0  # §11.6 step 3
KEY_PREFIX = "http-route::"
HANDLER_CRASHED = "handler_crashed"
NOT_REPLAYED = "owner_lost_not_replayed"
OK, FAILED, CRASHED = "ok", "failed", "crashed"


class RouteFailure(Exception):
    """Dispatch failed with `reason`; the record is rejected with it (answered 503)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class HandlerCrash(Exception):
    """The handler panicked (on the owner, or here); `message` is the crash text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def payload_hash(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def pack(value) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def unpack(data):
    """Plain data from a peer: no extension types, maps refused."""
    return msgpack.unpackb(data, raw=False, max_map_len=0, max_ext_len=0)


class HttpRoutes:
    # Set by the HTTP side when a node starts: `await execute(handler, request_fields)`
    # runs a handler in a fresh process and returns the encoded response, or raises
    # `HandlerCrash`.
    execute = None

    def __init__(self, rt):
        self.rt = rt
        self.pool = RoutePool(rt)
        self.in_flight: set[str] = set()  # keys whose dispatch waits on this node
        rt.cont.recover_hooks.append(self.recovered)

    def node_down(self, name: str) -> None:
        self.pool.drop(name)

    # ---------------------------------------------------------------- ingress

    async def dispatch(self, runtime_name: str, replicas: int, key: str, request_fields, run_local):
        """`("local", run_local())` or `("remote", encoded response)`; raises
        `RouteFailure` (503) or lets a local handler's panic through (500)."""
        rt = self.rt
        st = rt.cont.store
        payload = pack(request_fields)
        p = place(key, [rt.name, *rt.list()], replicas)
        d = st.submit(
            key,
            payload_hash(payload),
            ingress=rt.name,
            owner=p.owner,
            replica=p.replica,
            replication_count=replicas,
            routed_remotely=p.owner != rt.name,
            fell_back_locally=p.owner == rt.name,
            runtime_name=runtime_name,
        )
        if d.outcome != "created":
            rt.cont.flush()
            raise RouteFailure(d.record.error or d.conflict_reason or d.outcome)
        # not flushed yet: the prepare or the route query carries the submit to its peer
        self.in_flight.add(key)
        try:
            return await self._execute(d.record, runtime_name, payload, run_local)
        finally:
            self.in_flight.discard(key)
            r = st.records.get(key)
            if r is not None and r.pending:
                # a node-loss recovery rolled the record over while the answer was on its
                # way: that new attempt must never run
                self._reject(key, NOT_REPLAYED)

    async def _execute(self, r: ContinuityRecord, runtime_name: str, payload: bytes, run_local):
        rt = self.rt
        key = r.request_key
        replaced = False
        while True:
            if r.replica_node:
                r = await self._prepare(r)
            if r.owner_node == rt.name:
                rt.cont.flush()
                return "local", await self._run_here(r, run_local)
            rt.cont.carried(r.owner_node, r)  # the query carries the record to its owner
            rt.cont.flush()
            try:
                return "remote", await self._run_remote(r, runtime_name, payload)
            except RouteLinkError as e:
                if e.sent or replaced:
                    self._reject(key, e.reason)
                    raise RouteFailure(e.reason) from None
                replaced = True
                r = self._replace(r, e.reason)

    async def _prepare(self, r: ContinuityRecord) -> ContinuityRecord:
        """Mirror the record on its replica before the work runs (§11.4 durability)."""
        cont = self.rt.cont
        if r.replica_node == self.rt.name:  # the ingress is the replica: it holds the record
            try:
                return cont.store.acknowledge_replica(r.request_key, r.attempt_id)
            except ContinuityError as e:
                cont.flush()
                raise RouteFailure(e.reason) from None
        reason = await cont.prepare(r)
        if reason:
            raise RouteFailure(reason)
        return cont.store.records[r.request_key]

    def _replace(self, r: ContinuityRecord, why: str) -> ContinuityRecord:
        """Our choice (§11.6): the owner was not reached before the request was sent, so
        place it once more on the current membership without that owner."""
        rt = self.rt
        st = rt.cont.store
        members = [rt.name, *(n for n in rt.list() if n != r.owner_node)]
        p = place(r.request_key, members, r.replication_count)
        try:
            new = st.reassign(r.request_key, r.attempt_id, p.owner, p.replica, why)
        except ContinuityError:
            self._reject(r.request_key, why)
            raise RouteFailure(why) from None
        if r.replication_count > 1 and not p.replica:
            self._reject(r.request_key, "replica_required_unavailable")
            raise RouteFailure("replica_required_unavailable")
        rt.cont.flush()
        return new

    async def _run_here(self, r: ContinuityRecord, run_local):
        try:
            value = await run_local()
        except Exception:
            self._reject(r.request_key, HANDLER_CRASHED)
            raise
        except BaseException:  # the connection's process was stopped mid-request
            self._reject(r.request_key, "request_cancelled")
            raise
        self._complete(r)
        return value

    async def _run_remote(self, r: ContinuityRecord, runtime_name: str, payload: bytes):
        query = bytes([T_HTTP_ROUTE_QUERY]) + pack(
            [runtime_name, r.request_key, r.attempt_id, to_wire(r), payload]
        )
        frame = await self.pool.exchange(r.owner_node, query, REPLY_TIMEOUT)
        try:
            if frame[:1] != bytes([T_HTTP_ROUTE_REPLY]):
                raise ValueError("not an HTTP_ROUTE_REPLY frame")
            outcome, value, record = unpack(memoryview(frame)[1:])
            if record is not None:
                record = from_wire(record)
        except Exception as e:
            reason = f"clustered_http_route_reply_decode_failed:{type(e).__name__}"
            self._reject(r.request_key, reason)
            raise RouteFailure(reason) from None
        if record is not None:
            self._merge(record)
        if outcome == OK:
            return value
        if outcome == CRASHED:
            raise HandlerCrash(str(value))
        reason = str(value)
        self._reject(r.request_key, reason)
        raise RouteFailure(reason)

    def _merge(self, record: ContinuityRecord) -> None:
        try:
            self.rt.cont.store.receive(record)
        except ContinuityError:
            pass  # stale epoch: the store logged the diagnostic

    def _complete(self, r: ContinuityRecord) -> None:
        try:
            self.rt.cont.store.mark_completed(r.request_key, r.attempt_id, self.rt.name)
        except ContinuityError:
            pass  # rolled over or rejected meanwhile (`completion_rejected` diagnostic)
        self.rt.cont.flush_soon()

    def _reject(self, key: str, reason: str, carrier: str = "") -> ContinuityRecord | None:
        """Reject the record's current attempt (a node-loss recovery may have rolled it
        over: the request is still not replayed) unless it is already terminal;
        `carrier`: the peer that gets the rejected copy in a route reply."""
        cont = self.rt.cont
        st = cont.store
        r = st.records.get(key)
        if r is not None and r.pending:
            try:
                r = st.reject(key, r.attempt_id, reason)
            except ContinuityError:
                pass
            else:
                if carrier:
                    cont.carried(carrier, r)
        cont.flush()
        return r

    def recovered(self, records: list[ContinuityRecord]) -> list[ContinuityRecord]:
        """The recovery hook (`Replication.recover_hooks`): the HTTP records a node-loss
        recovery resubmitted to this node are never run — a request is not replayed once
        its owner may have started it (§11.6). One whose client waits here is left to its
        dispatch, which fails on the lost connection and rejects it with that reason; the
        others are rejected now. The records of other executors are returned."""
        others = []
        for r in records:
            if not r.request_key.startswith(KEY_PREFIX):
                others.append(r)
            elif r.request_key not in self.in_flight:
                self._reject(r.request_key, NOT_REPLAYED)
        return others

    # ---------------------------------------------------------------- owner

    async def serve(self, tls, leftover: bytes) -> None:
        """Answer a transient route client's queries, one at a time, until it closes the
        connection or stays idle for `IDLE_SERVER` seconds."""
        dec = FrameDecoder(SESSION_LIMIT)
        try:
            frames = dec.feed(leftover)
            while True:
                while not frames:
                    data = b""
                    with trio.move_on_after(IDLE_SERVER):
                        data = await tls.receive_some(65536)
                    if not data:
                        return
                    frames = dec.feed(data)
                frame = frames.pop(0)
                if frame[:1] != bytes([T_HTTP_ROUTE_QUERY]):
                    return
                reply, ingress, record = await self._answer(memoryview(frame)[1:])
                try:
                    await send_frame(tls, bytes([T_HTTP_ROUTE_REPLY]) + pack(reply))
                except _BROKEN:
                    if record is not None:  # the reply was to carry it: upsert it instead
                        self.rt.cont.send_to(ingress, record)
                    raise
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError, FrameTooLarge):
            pass
        finally:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(tls)

    async def _answer(self, body) -> tuple[list, str, ContinuityRecord | None]:
        """The reply to one query, the ingress it goes to, and the terminal record it
        carries there (the owner's upsert of that record skips the ingress)."""
        rt = self.rt
        cont = rt.cont
        st = cont.store
        try:
            name, key, attempt, record, payload = unpack(body)
            incoming = from_wire(record)
            fields = unpack(payload)
        except Exception as e:
            return [FAILED, f"malformed_http_route_query:{type(e).__name__}", None], "", None
        ingress = incoming.ingress_node
        if (
            incoming.request_key != key
            or incoming.attempt_id != attempt
            or (incoming.owner_node != rt.name)
        ):
            return [FAILED, "http_route_owner_mismatch", None], ingress, None
        try:
            st.receive(incoming)
        except ContinuityError as e:
            return [FAILED, e.reason, None], ingress, None
        handler = program.lookup_function(name) if type(name) is str else None
        if handler is None or self.execute is None:
            reason = f"declared_handler_not_registered:{name}"
            try:
                r = st.reject(key, attempt, reason)
            except ContinuityError:
                cont.flush()
                return [FAILED, reason, None], ingress, None
            cont.carried(ingress, r)
            cont.flush()
            return [FAILED, reason, to_wire(r)], ingress, r
        try:
            response = await self.execute(handler, fields)
        except HandlerCrash as crash:
            r = self._reject(key, HANDLER_CRASHED, ingress)
            return [CRASHED, crash.message, to_wire(r) if r is not None else None], ingress, r
        try:
            r = st.mark_completed(key, attempt, rt.name)
        except ContinuityError as e:  # the ingress gave up (timeout) and rejected it
            cont.flush()
            return [FAILED, e.reason, None], ingress, None
        cont.carried(ingress, r)
        cont.flush_soon()
        return [OK, response, to_wire(r)], ingress, r
