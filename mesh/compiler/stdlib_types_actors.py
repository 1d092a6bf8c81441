"""Static types of the actor-runtime stdlib (spec 04), same format as
`stdlib_types.SIGNATURES`; the lead merges them. Python implementations:
`mesh.runtime.stdlib.process` / `timer` / `job` (see docs/internals/actors-contract.md).

Keyword forms (`spawn`, `send`, `self`, `link`, `monitor`, `receive`, service/supervisor
items) are compiled specially and are not listed here, except `monitor`, which is exactly
`Process.monitor`.
"""

from __future__ import annotations

ACTOR_MODULES: dict[str, str] = {
    "Process": "process",
    "Timer": "timer",
    "Job": "job",
}

ACTOR_SIGNATURES: dict[str, str] = {
    "Process.monitor": "<M>(Pid<M>) -> Int",
    "Process.demonitor": "(Int) -> Int",
    "Process.register": "<M>(String, Pid<M>) -> Int",
    "Process.whereis": "(String) -> Pid",
    "Timer.sleep": "(Int) -> ()",
    "Timer.send_after": "<T>(Pid<T>, Int, T) -> ()",
    "Job.async": "<T>(Fun() -> T) -> Pid<T>",
    "Job.await": "<T>(Pid<T>) -> Result<T, String>",
    "Job.await_timeout": "<T>(Pid<T>, Int) -> Result<T, String>",
    "Job.map": "<A, B>(List<A>, Fun(A) -> B) -> List<Result<B, String>>",
}

# Qualified names whose call may suspend (spec 00 "Builtins that may suspend"): codegen
# must `await` them and colour the caller `async`. `receive`, service `call` helpers and
# `Service.start` (when `init` may suspend) are language forms handled by codegen itself.
SUSPENDING: frozenset[str] = frozenset(
    {
        "Timer.sleep",
        "Job.await",
        "Job.await_timeout",
        "Job.map",
        "IO.read_line",  # spec 00: console input suspends the calling process only
    }
)
