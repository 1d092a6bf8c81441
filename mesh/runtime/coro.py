"""Is this call result a coroutine to await? One answer for CPython and Nuitka binaries.

Mesh functions are coloured (docs/internals/runtime-contract.md): calling a function value
returns either a plain value or a coroutine that the caller must await. Under CPython that
coroutine is a `types.CoroutineType`; in a Nuitka release binary the generated code and the
runtime are compiled to C and their `async def`s return Nuitka's `compiled_coroutine`, a
different type that an identity check against `types.CoroutineType` misses (the symptom
was a release server whose `main` was never awaited: it exited 0 at once).

`CORO_TYPE` is the coroutine type this very module produces, so it is the build's native
type; generated code and the runtime are always compiled together, hence every coroutine a
Mesh function returns has it.

Every await decision is `type(r) is CORO_TYPE`: one identity check, as cheap as the
`types.CoroutineType` check it replaces. Consequence: in a release binary a coroutine from
Python code that Nuitka did not compile (there is none: onefile compiles every module it
includes) would not be awaited.
"""

from __future__ import annotations


async def _probe() -> None:
    return None


def _native_coroutine_type() -> type:
    c = _probe()
    c.close()  # never started: closing avoids the "never awaited" warning
    return type(c)


CORO_TYPE: type = _native_coroutine_type()
