"""Mesh `Timer` module (spec 04 §14, 05 §4).

`sleep` is a coroutine (it suspends the calling process): generated code must `await` it.
`send_after` is a plain call.
"""

from ..actors.timers import send_after, sleep  # noqa: F401
