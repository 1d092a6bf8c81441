"""The process that runs one REPL entry (`mesh repl`, see repl.py).

    python -m mesh.tooling.repl_runner <py_dir> <state_in> <state_out>

`py_dir` holds the compiled session program (package `mesh_app`, module `main`). Its
function `__repl_entry` takes the values of the session's earlier bindings, runs the entry
and returns what the entry binds (one value, or a tuple of them). `state_in` is a pickle of
the argument list (each value pickled on its own and unpickled here, once `mesh_app.main`
is imported so that struct and variant classes resolve); `state_out` receives the pickled
returned value, or None when it cannot outlive the process (a closure, a pid …).

The entry runs as the main process of a normal program (`run_main`): same output, same
panics and exit statuses as compiled code.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import sys
from typing import Any


def run(py_dir: str, state_in: str, state_out: str) -> int:
    from mesh.runtime.core import run_main

    sys.path.insert(0, py_dir)
    entry = importlib.import_module("mesh_app.main").__repl_entry
    with open(state_in, "rb") as f:
        args = [pickle.loads(b) for b in pickle.load(f)]
    returned: dict[str, Any] = {}
    if inspect.iscoroutinefunction(entry):

        async def body() -> None:
            returned["value"] = await entry(*args)

    else:

        def body() -> None:
            returned["value"] = entry(*args)

    run_main(body, "main.mpl")  # exits with the program's status when it fails
    with open(state_out, "wb") as f:
        pickle.dump(_dumps(returned.get("value")), f)
    return 0


def _dumps(value: object) -> bytes | None:
    try:
        return pickle.dumps(value)
    except Exception:  # noqa: BLE001 - any unpicklable value is simply not carried over
        return None


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:4]))
