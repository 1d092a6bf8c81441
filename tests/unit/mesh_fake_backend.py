"""A stand-in type checker and code generator for testing the driver and CLI alone.

It understands just enough: `println("literal")` statements in `main`, `panic("...")`,
`print_args()` (prints argv after the program), `compiler_loaded()` (lists compiler
modules imported at run time),
and source markers (`totl` → E0004 error, `# warn` → W0001 warning, `# crash` → an
unexpected exception inside the checker).
"""

from __future__ import annotations

import re
import sys
import types

from mesh.compiler import ast as A
from mesh.compiler.program import Program
from mesh.compiler.source import Span


def check_program(modules, entry, reporter):
    for m in modules:
        t = m.file.text
        i = t.find("totl")
        if i >= 0:
            reporter.error(
                "E0004",
                "undefined variable: totl",
                Span(m.file, i, i + 4),
                "not found in this scope",
                message="unbound variable `totl`",
            )
        i = t.find("# warn")
        if i >= 0:
            reporter.warning(
                "W0001",
                "redundant match arm (arm 2)",
                Span(m.file, i, i + 6),
                "this arm is unreachable",
            )
        if "# crash" in t:
            raise ValueError("boom")
    return Program(modules, entry)


def py_module(name: str) -> str:
    return "mesh_app." + ".".join(
        re.sub(r"(?<!^)(?=[A-Z])", "_", p).lower() for p in name.split(".")
    )


def generate(program):
    files = {"mesh_app/__init__.py": ""}
    for m in program.modules:
        lines = ["import sys"]
        for it in m.items:
            if isinstance(it, A.FnDef) and it.name == "main":
                lines.append("def main():")
                for st in it.body.stmts:
                    if not (isinstance(st, A.Call) and isinstance(st.callee, A.Name)):
                        continue
                    arg = st.args[0] if st.args else None
                    if st.callee.name == "println" and isinstance(arg, A.StringLit):
                        lines.append(f"    print({arg.parts[0]!r})")
                    elif st.callee.name == "panic" and isinstance(arg, A.StringLit):
                        lines.append("    from mesh.runtime.core import panic")
                        lines.append(f"    panic({arg.parts[0]!r})")
                    elif st.callee.name == "print_args":
                        lines.append("    print(sys.argv[1:])")
                    elif st.callee.name == "compiler_loaded":
                        lines.append("    print(sorted(m for m in sys.modules")
                        lines.append(
                            "                 if m.startswith(('mesh.compiler', 'lark'))))"
                        )
                lines.append("    return None")
        path = py_module(m.name).replace(".", "/")
        parts = path.split("/")
        for k in range(2, len(parts)):
            files["/".join(parts[:k]) + "/__init__.py"] = ""
        files[path + ".py"] = "\n".join(lines) + "\n"
    files["__main__.py"] = (
        f"from {py_module(program.entry)} import main\n"
        "from mesh.runtime.core import run_main\n"
        "run_main(main)\n"
    )
    return files


def install() -> None:
    t = types.ModuleType("mesh.compiler.types")
    t.check_program = check_program
    c = types.ModuleType("mesh.compiler.codegen")
    c.generate = generate
    sys.modules["mesh.compiler.types"] = t
    sys.modules["mesh.compiler.codegen"] = c
