"""How the supervisor starts the program again (docs/internals/workers.md §1): never with
`python -m` or a source file in a release binary."""

from __future__ import annotations

import sys

from mesh.runtime.workers import supervisor


def test_debug_launcher_reruns_python_with_the_launcher(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/srv/app", "--flag"])
    monkeypatch.setattr(supervisor, "reexec_command", None)
    assert supervisor.worker_command() == [sys.executable, "/srv/app", "--flag"]


class _Compiled:
    """What Nuitka defines as `__compiled__` in compiled modules (the part we read)."""

    def __init__(self, original_argv0: str) -> None:
        self.original_argv0 = original_argv0


def test_release_binary_reruns_the_file_the_user_started(monkeypatch, tmp_path):
    # a onefile binary runs unpacked: `sys.executable` names a `python` that does not exist
    monkeypatch.setattr(sys, "argv", ["/srv/app", "--flag"])
    monkeypatch.setattr(sys, "executable", "/tmp/mesh-app-123/python")
    monkeypatch.setattr(supervisor, "reexec_command", None)
    monkeypatch.setitem(vars(supervisor), "__compiled__", _Compiled("/srv/app"))
    assert supervisor.worker_command() == ["/srv/app", "--flag"]
    # started as `./app`: made absolute against the start directory
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(vars(supervisor), "__compiled__", _Compiled("./app"))
    assert supervisor.worker_command() == [str(tmp_path / "app"), "--flag"]


def test_release_binary_started_through_path(monkeypatch, tmp_path):
    exe = tmp_path / "shop"
    exe.write_text("")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["shop"])
    monkeypatch.setattr(supervisor, "reexec_command", None)
    monkeypatch.setitem(vars(supervisor), "__compiled__", _Compiled("shop"))
    assert supervisor.worker_command() == [str(exe)]


def test_mesh_run_uses_the_cached_launcher(monkeypatch):
    monkeypatch.setattr(supervisor, "reexec_command", ["/py", "/build/app.pyz", "a"])
    assert supervisor.worker_command() == ["/py", "/build/app.pyz", "a"]
