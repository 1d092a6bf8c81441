"""Mesh `Result` (spec 03 B8): no helper functions by design; only the constructors
(`Result.Ok`, `Result.Err`)."""

from ..values import Err, Ok  # noqa: F401
