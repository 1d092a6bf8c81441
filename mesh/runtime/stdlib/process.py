"""Mesh `Process` module (spec 04 §10, §13): thin re-exports of the actor runtime."""

from ..actors.links import demonitor, monitor  # noqa: F401
from ..actors.registry import register, whereis  # noqa: F401
