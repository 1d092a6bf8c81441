"""Makes the shared helpers in tests/ (mesh_build.py) importable from every test directory.

pytest's default `prepend` import mode already puts this directory on sys.path when it
loads this file; the explicit insert keeps that true under other import modes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)


@pytest.hookimpl(trylast=True)  # after the directories' markers and xdist's grouping
def pytest_collection_modifyitems(config, items) -> None:
    """`--dist loadgroup` must really group: the release tests share one Nuitka build and
    the PostgreSQL and cluster tests share servers. pytest 9 made xdist's grouping (a
    suffix on `item._nodeid`) a silent no-op, which doubled CI's release build; fail loudly
    if a future upgrade breaks it again. xdist's own hook runs before this one."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            raise pytest.UsageError(
                f"pytest-xdist did not group {item.nodeid}: this pytest/xdist pair breaks "
                "--dist loadgroup (see pyproject.toml's pin)"
            )
