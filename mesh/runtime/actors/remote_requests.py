"""Service requests that arrived from another node (spec 04 §17 across spec 07 §7): plain
messages, because only plain values cross the wire (mesh/cluster/service_calls.py makes
them). A service handles them in its mailbox order with its local requests:

    (CALL, tag, args, caller pid, ref) → reply `(REPLY, ref, True, value)` to the caller,
                                         or `(REPLY, ref, False, reason)` for an unknown call
    (CAST, tag, args)                  → like a local cast

A handler error crashes the service as for a local call; the caller gets the crash reason
in a failed reply first (its monitor, set up after the request was sent, may only see the
service already gone: `noproc`).
"""

from __future__ import annotations

from ..coro import CORO_TYPE
from .mailbox import send
from .node import crash_reason
from .process import reason_text

CALL = "$mesh.service_call"
CAST = "$mesh.service_cast"
REPLY = "$mesh.service_reply"
MARKS = (CALL, CAST)


async def handle(calls: dict, casts: dict, state, req: tuple):
    """The service's new state after the remote request `req` (a tuple led by a mark)."""
    if req[0] == CALL and len(req) == 5:
        _mark, tag, args, caller, ref = req
        h = calls.get(tag)
        if h is None:
            send(caller, (REPLY, ref, False, f"unknown call `{tag}`"))
            return state
        try:
            r = h(state, *args)
            if type(r) is CORO_TYPE:
                r = await r
        except Exception as e:  # the service crashes as usual; its caller learns why first
            send(caller, (REPLY, ref, False, reason_text(crash_reason(e))))
            raise
        state, reply = r
        send(caller, (REPLY, ref, True, reply))
    elif req[0] == CAST and len(req) == 3:
        h = casts.get(req[1])
        if h is not None:
            r = h(state, *req[2])
            if type(r) is CORO_TYPE:
                r = await r
            state = r
    return state
