"""Mesh `Option` (spec 03 B8): no helper functions by design; only the constructors
(`Option.Some`, `Option.None`)."""

from ..values import NONE, Some  # noqa: F401

None_ = NONE
