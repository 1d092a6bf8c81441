"""Bare prelude functions (spec 03 B0): println, print, map, filter, reduce, head, tail,
compare, default, panic."""

from __future__ import annotations

import sys

from ..ops import compare  # noqa: F401
from ..values import MeshPanic as _Panic
from .list import filter, head, map, reduce, tail  # noqa: F401


def println(s):
    w = sys.stdout
    w.write(s + "\n")
    w.flush()


def print(s):  # noqa: A001
    w = sys.stdout
    w.write(s)
    w.flush()


_DEFAULTS = {"Int": 0, "Float": 0.0, "String": "", "Bool": False}


def default(type_name="Int"):
    """`default()`: codegen passes the target type name resolved from context."""
    return _DEFAULTS.get(type_name, 0)


def panic(message):
    raise _Panic(message)


from .list import filter_async, map_async, reduce_async  # noqa: E402,F401
