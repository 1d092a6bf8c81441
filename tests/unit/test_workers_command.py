"""How the supervisor starts the program again (docs/internals/workers.md §1): never with
`python -m` or a source file in a release binary."""

from __future__ import annotations

import sys

from mesh.runtime.workers import supervisor


def test_debug_launcher_reruns_python_with_the_launcher(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/srv/app", "--flag"])
    monkeypatch.setattr(supervisor, "reexec_command", None)
    assert supervisor.worker_command() == [sys.executable, "/srv/app", "--flag"]


def test_release_binary_reruns_itself(monkeypatch):
    # Nuitka defines `__compiled__` in compiled modules; `sys.executable` is the binary
    monkeypatch.setattr(sys, "argv", ["/srv/app", "--flag"])
    monkeypatch.setattr(sys, "executable", "/tmp/onefile-123/app")
    monkeypatch.setattr(supervisor, "reexec_command", None)
    monkeypatch.setitem(vars(supervisor), "__compiled__", object())
    assert supervisor.worker_command() == ["/tmp/onefile-123/app", "--flag"]


def test_mesh_run_uses_the_cached_launcher(monkeypatch):
    monkeypatch.setattr(supervisor, "reexec_command", ["/py", "/build/app.pyz", "a"])
    assert supervisor.worker_command() == ["/py", "/build/app.pyz", "a"]
