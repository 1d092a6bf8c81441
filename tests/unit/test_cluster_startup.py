"""Startup work decisions (spec 07 §11.5 steps 2–3) on a scripted membership, without
sockets: convergence outcomes, the standby's skip and the convergence-timeout rejection.
Trio's autojumping clock makes the 50 ms polls instant."""

import itertools

import trio
import trio.testing

from mesh.cluster import startup, work
from mesh.cluster.continuity.authority import Authority
from mesh.cluster.continuity.store import ContinuityStore

ME = "a@127.0.0.1:1"


class FakeCont:
    def __init__(self, role):
        self.store = ContinuityStore(ME, Authority(role, 0))
        self.peer_roles = {}
        self.recover_hooks = []

    def flush(self):
        self.store.drain_upserts()


class FakeRuntime:
    """What startup reads from a `NodeRuntime`; `list()` replays `views`, then repeats
    the last one."""

    def __init__(self, views, role="primary", started=True):
        self.started, self.name = started, ME
        self.cont = FakeCont(role)
        self._views = itertools.chain(views, itertools.repeat(views[-1] if views else []))

    @property
    def role(self):
        return self.cont.store.authority.role

    def list(self):
        return list(next(self._views))


def run(fn, *args):
    return trio.run(fn, *args, clock=trio.testing.MockClock(autojump_threshold=0))


def test_convergence_outcomes():
    peer = ["b@127.0.0.2:1"]
    assert run(startup._converge, FakeRuntime([], started=False)) == "alone"
    assert run(startup._converge, FakeRuntime([[]])) == "alone"
    assert run(startup._converge, FakeRuntime([[], [], peer])) == "converged"
    flapping = [peer, []] * 30
    assert run(startup._converge, FakeRuntime(flapping)) == "timeout"


def _declare(monkeypatch):
    async def body():
        raise AssertionError("must not run")

    monkeypatch.setitem(work.declared, "Jobs.warm", work.DeclaredWork("Jobs.warm", 2, body, 0))


def test_a_standby_skips_and_creates_no_record(monkeypatch):
    _declare(monkeypatch)
    rt = FakeRuntime([["b@127.0.0.2:1"]], role="standby")
    run(startup._startup, rt)
    st = rt.cont.store
    assert st.records == {}
    skipped = [e for e in st.diagnostics.entries if e.transition == "startup_skipped"]
    assert [(e.request_key, e.reason) for e in skipped] == [("startup::Jobs.warm", "standby")]


def test_peers_that_never_settle_reject_the_work_durably(monkeypatch):
    _declare(monkeypatch)
    rt = FakeRuntime([["b@127.0.0.2:1"], []] * 30)
    run(startup._startup, rt)
    r = rt.cont.store.status("startup::Jobs.warm")
    assert (r.phase, r.error) == ("rejected", "startup_convergence_timeout")
    assert [e.transition for e in rt.cont.store.diagnostics.entries][-2:] == [
        "rejected",
        "startup_rejected",
    ]
