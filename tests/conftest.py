"""Makes the shared helpers in tests/ (mesh_build.py) importable from every test directory.

pytest's default `prepend` import mode already puts this directory on sys.path when it
loads this file; the explicit insert keeps that true under other import modes."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
