"""`mesh repl` (spec 08 §9): read Mesh, evaluate it with the real compiler, print
`value :: Type`.

Every entry is compiled by the normal pipeline (parse → check → codegen) as part of a
whole program and run in a fresh Python process (`repl_runner`), so results are exactly
those of compiled code. Definitions (functions, types, …) are kept as source and go to the
top level of every program. An entry runs once: it is the body of a function
`__repl_entry` whose parameters are the values of the earlier `let`s, typed with the types
the checker gave them, and which returns what the entry binds; the REPL keeps those values
(pickled) for the next entries. A value that cannot outlive its process (a closure, a pid,
anything holding one) cannot be kept: its `let` is evaluated again at the start of each
later entry, the one case where an earlier entry's effects repeat.

prompt_toolkit is imported only here, so other commands start no slower.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

VERSION = "0.1.0"
BANNER = f"Mesh REPL v{VERSION} (type :help for commands)"
PROMPT, CONTINUATION = "mesh> ", "  ... "
MARK = "\x1e--mesh-repl--\x1e"
HELP = """\
Commands:
  :help, :h           show this help
  :type <expr>, :t    show the type of an expression without evaluating it
  :load <file>        add the definitions of a .mpl file to the session
  :clear              clear the screen
  :reset              forget all definitions and history
  :quit, :q           exit (also Ctrl-D)
Enter expressions, `let` bindings and definitions (fn, struct, type, interface, impl,
actor, service, supervisor, import). Input continues on `  ... ` lines while a
`do`/`end` block, a bracket or a string is open.
"""
USAGE = """\
Usage: {prog} repl

Start the interactive Mesh REPL (read-eval-print loop). Type :help inside for commands.
"""
_DEF_WORDS = (
    "fn",
    "pub",
    "struct",
    "type",
    "interface",
    "impl",
    "actor",
    "service",
    "supervisor",
    "import",
    "from",
    "module",
    "trait",
    "alias",
    "@cluster",
)


class ReplError(Exception):
    """Shown as `Error: <text>` on stderr."""


ENTRY = "__repl_entry"


@dataclass
class Binding:
    """The variables one `let` entry bound, and how later entries see them."""

    source: str  # the entry as typed
    names: list[str]
    types: list[str]  # as Mesh type annotations
    value: bytes | None = None  # pickled value (a tuple for several names); None: replay

    def param(self, index: int) -> str:
        ty = self.types[0] if len(self.types) == 1 else f"({', '.join(self.types)})"
        return f"__repl_b{index} :: {ty}"

    def rebind(self, index: int) -> str:
        target = self.names[0] if len(self.names) == 1 else f"({', '.join(self.names)})"
        return f"let {target} = __repl_b{index}"


@dataclass
class Session:
    definitions: list[str] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def program(self, body: list[str], extra_defs: str = "", result: str = "()") -> str:
        """The session as a program: the definitions, then `__repl_entry` taking the kept
        values (re-bound in entry order, so later `let`s shadow earlier ones as typed),
        running `body` and returning `result`."""
        defs = "\n\n".join([*self.definitions, extra_defs] if extra_defs else self.definitions)
        params, lines = [], []
        for b in self.bindings:
            if b.value is None:
                lines.append(b.source)
            else:
                params.append(b.param(len(params)))
                lines.append(b.rebind(len(params) - 1))
        # not re-indented: a multi-line string literal must keep its text
        stmts = "\n".join([*lines, *body, result])
        return (
            f"{defs}\n\nfn {ENTRY}({', '.join(params)}) do\n{stmts}\nend\n\nfn main() do\n()\nend\n"
        )

    def arguments(self) -> list[bytes]:
        """The kept values, in the order of `__repl_entry`'s parameters."""
        return [b.value for b in self.bindings if b.value is not None]


# ---------------------------------------------------------------------------
# The compiler, used as a library


def _check(source: str):
    """Parse and type-check a program; (module, diagnostics). Errors raise ReplError."""
    from mesh.compiler.diagnostics import CompileError, Reporter
    from mesh.compiler.parse import parse_module
    from mesh.compiler.source import SourceFile
    from mesh.compiler.types import check_program

    reporter = Reporter()
    module = parse_module(SourceFile("repl.mpl", source), "Main", reporter)
    if module is not None:
        try:
            check_program([module], "Main", reporter)
        except CompileError:
            pass
    errors = [d for d in reporter.items if d.severity == "error"]
    if errors:
        d = errors[0]
        raise ReplError(d.headline + (f" (help: {d.help})" if d.help else ""))
    return module


def is_complete(text: str) -> bool:
    """False while `do`/`end`, brackets or strings are still open: the parser stops at the
    very end of the input."""
    from mesh.compiler.parse import ParseError, Parser, parse_items
    from mesh.compiler.parse.lexer import LexError, tokenize
    from mesh.compiler.source import SourceFile

    stripped = text.rstrip()
    if not stripped or stripped.startswith(":"):
        return True
    if _is_definition(stripped):
        head, tail = "", ""
    else:  # an expression: inside a function, whose closing `end` must stay unused
        head, tail = "fn main() do\n", "\nend\n"
    wrapped = head + stripped + tail
    src = SourceFile("repl.mpl", wrapped)
    try:
        parse_items(Parser(tokenize(src), src))
    except LexError as e:
        return not e.message.startswith("unterminated")
    except ParseError as e:
        return e.start < len(head) + len(stripped)
    return True


def _is_definition(text: str) -> bool:
    first = text.split(None, 1)[0] if text.split() else ""
    return first in _DEF_WORDS or first.startswith("@cluster")


def _entry_fn(module):
    from mesh.compiler import ast as A

    return next(i for i in module.items if isinstance(i, A.FnDef) and i.name == ENTRY)


def _find_let(module, name: str):
    from mesh.compiler import ast as A
    from mesh.tooling.lsp.nodes import walk

    found = None
    for n in walk(_entry_fn(module).body):
        if isinstance(n, A.PVar) and n.name == name:
            found = n
    return found


def _new_bindings(module) -> list:
    """The variables bound by the last `let` of the entry: `let (a, b) = …` defines two."""
    from mesh.compiler import ast as A
    from mesh.tooling.lsp.nodes import walk

    lets = [st for st in _entry_fn(module).body.stmts if isinstance(st, A.Let)]
    return [n for n in walk(lets[-1].pattern) if isinstance(n, A.PVar)] if lets else []


@dataclass
class _Run:
    stdout: str
    stderr: str
    status: int
    value: bytes | None  # what `__repl_entry` returned, pickled (None: not picklable)


def _run(source: str, arguments: list[bytes]) -> _Run:
    """Compile `source` with the real pipeline and run `__repl_entry(*arguments)`."""
    from mesh.compiler import driver
    from mesh.compiler.project import ProjectError
    from mesh.compiler.render import Renderer

    with tempfile.TemporaryDirectory(prefix="mesh-repl-") as tmp:
        with open(os.path.join(tmp, "main.mpl"), "w", encoding="utf-8") as f:
            f.write(source)
        out = io.StringIO()
        try:
            result = driver.compile_project(
                tmp, Renderer(out, json_mode=False, color=False), use_cache=False
            )
        except (driver.CompileFailed, ProjectError) as e:
            raise ReplError(str(e) or out.getvalue().strip().splitlines()[0]) from None
        state_in, state_out = os.path.join(tmp, "in.pickle"), os.path.join(tmp, "out.pickle")
        with open(state_in, "wb") as f:
            pickle.dump(arguments, f)
        r = subprocess.run(
            [sys.executable, "-m", "mesh.tooling.repl_runner", result.py_dir, state_in, state_out],
            capture_output=True,
            text=True,
            check=False,
            cwd=os.getcwd(),
        )
        value = None
        if r.returncode == 0 and os.path.exists(state_out):
            with open(state_out, "rb") as f:
                value = pickle.load(f)
        return _Run(r.stdout, r.stderr, r.returncode, value)


# ---------------------------------------------------------------------------
# Entries


def type_of(session: Session, expr: str) -> str:
    from mesh.tooling.lsp.nodes import pretty

    module = _check(session.program([f"let __repl_value = (\n{expr}\n)"]))
    return pretty(_find_let(module, "__repl_value").ty, "Main")


def evaluate(session: Session, entry: str) -> str | None:
    """Run one entry; returns what to print on stdout (the entry's own output included)."""
    from mesh.tooling.lsp.nodes import pretty

    if _is_definition(entry):
        module = _check(session.program([], entry))
        session.definitions.append(entry)
        return _describe_definitions(module, entry)
    if entry.startswith("let "):
        module = _check(session.program([entry]))
        new = _new_bindings(module)
        names = [v.name for v in new]
        binding = Binding(entry, names, [pretty(v.ty, "Main") for v in new])
        returned = names[0] if len(names) == 1 else f"({', '.join(names)})"
        out, value = _execute(session, [entry], None, result=returned)
        if names:  # `let _ = …` binds nothing: its effects happened, nothing to keep
            session.bindings.append(binding)
            binding.value = value if _keepable(new) else None
            if binding.value is not None and not _checks(session):
                binding.value = None  # a type the annotation cannot spell: replay instead
        return out + "\n".join(f"Defined: {n} :: {t}" for n, t in zip(names, binding.types))
    body = [f"let __repl_value = (\n{entry}\n)"]
    module = _check(session.program(body))
    ty = pretty(_find_let(module, "__repl_value").ty, "Main")
    unit = ty == "()"
    shown, _ = _execute(session, body, None if unit else ty)
    return shown.rstrip("\n") if unit else shown


def _keepable(variables: list) -> bool:
    """Can the values of these variables be passed to later entries as typed parameters?
    Not when a type is still partly unknown (`let xs = []`): a parameter would fix it."""
    from mesh.compiler.types.ty import show

    return all("?" not in show(v.ty) for v in variables)


def _checks(session: Session) -> bool:
    try:
        _check(session.program([]))
    except ReplError:
        return False
    return True


def _execute(
    session: Session, body: list[str], ty: str | None, result: str = "()"
) -> tuple[str, bytes | None]:
    """Run `body` as the entry; (its output and value line, the pickled `result`). The
    marker line cuts off what re-evaluated `let`s print before the entry starts."""
    body = [f'println("{MARK}")', *body]
    if ty is not None:
        body += [f'println("{MARK}")', 'println("#{__repl_value}")']
    run = _run(session.program(body, result=result), session.arguments())
    if run.status != 0:
        text = run.stderr.strip() or f"the program exited with status {run.status}"
        raise ReplError(text.splitlines()[-1] if text else text)
    sys.stderr.write(run.stderr)
    shown = run.stdout.partition(MARK + "\n")[2]
    if ty is None:
        return shown, run.value
    own, _, value = shown.rpartition(MARK + "\n")
    value = value.removesuffix("\n")
    if ty == "String":
        value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{own}{value} :: {ty}", run.value


def _describe_definitions(module, entry: str) -> str:
    """`Defined: <name> :: <type>` for each item `entry` declared (functions get their
    inferred type, other items their kind)."""
    from mesh.compiler import ast as A
    from mesh.compiler.types.ty import TFun
    from mesh.tooling.lsp.nodes import pretty

    lines = []
    new_names = set(re.findall(r"\w+", entry))
    for item in module.items:
        name = getattr(item, "name", None)
        if not isinstance(name, str) or name == "main" or name not in new_names:
            continue
        if isinstance(item, A.FnDef) and item.body.ty is not None:
            params = tuple(p.pattern.ty for p in item.params)
            if all(p is not None for p in params):
                lines.append(f"Defined: {name} :: {pretty(TFun(params, item.body.ty), 'Main')}")
                continue
        kind = type(item).__name__.removesuffix("Def").lower()
        lines.append(f"Defined: {name} :: {kind}")
    return "\n".join(lines) if lines else "Defined."


# ---------------------------------------------------------------------------
# The loop


def handle(session: Session, line: str, out, err) -> bool:
    """One input (command or code). False when the REPL should end."""
    text = line.strip()
    if not text:
        return True
    if text.startswith(":"):
        cmd, _, arg = text.partition(" ")
        arg = arg.strip()
        if cmd in (":quit", ":q"):
            out.write("Goodbye!\n")
            return False
        if cmd in (":help", ":h"):
            out.write(HELP)
        elif cmd == ":clear":
            out.write("\x1b[2J\x1b[H")
        elif cmd == ":reset":
            session.definitions.clear()
            session.bindings.clear()
            session.history.clear()
            out.write("Session reset. All definitions and history cleared.\n")
        elif cmd in (":type", ":t"):
            _guard(lambda: out.write(f"{arg} :: {type_of(session, arg)}\n"), err)
        elif cmd == ":load":
            _guard(lambda: _load(session, arg, out), err)
        else:
            out.write(f"Unknown command: {cmd}\nType :help for available commands.\n")
        return True
    session.history.append(text)

    def run() -> None:
        shown = evaluate(session, text)
        if shown:
            out.write(shown + "\n")

    _guard(run, err)
    return True


def _guard(fn, err) -> None:
    try:
        fn()
    except ReplError as e:
        err.write(f"Error: {e}\n")
    except Exception as e:  # noqa: BLE001 - a compiler bug must not end the session
        err.write(f"Error: internal compiler error: {type(e).__name__}: {e}\n")
    err.flush()


def _load(session: Session, path: str, out) -> None:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ReplError(f"cannot read '{path}': {e.strerror or e}") from None
    _check(session.program([], text) if "fn main" not in text else text)
    # `fn main` of a loaded program is not a session definition (the REPL's main wraps
    # every entry); everything else is
    session.definitions.append(_without_main(text))
    out.write(f"Loaded '{path}'\n")


def _without_main(text: str) -> str:
    from mesh.compiler import ast as A
    from mesh.compiler.diagnostics import Reporter
    from mesh.compiler.parse import parse_module
    from mesh.compiler.source import SourceFile

    module = parse_module(SourceFile("load.mpl", text), "Main", Reporter())
    for item in module.items if module else []:
        if isinstance(item, A.FnDef) and item.name == "main":
            return text[: item.span.start] + text[item.span.end :]
    return text


def _prompt_session():
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event) -> None:
        buf = event.current_buffer
        if is_complete(buf.text):
            buf.validate_and_handle()
        else:
            buf.insert_text("\n")

    history = os.path.join(os.path.expanduser("~"), ".mesh_repl_history")
    return PromptSession(
        history=FileHistory(history),
        key_bindings=keys,
        multiline=True,
        prompt_continuation=CONTINUATION,
    )


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name, unexpected

    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog_name()))
        return 0
    if argv:
        raise unexpected(argv[0], ["--help"])
    print(BANNER, flush=True)
    session = Session()
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    prompt = _prompt_session() if interactive else None
    while True:
        try:
            line = prompt.prompt(PROMPT) if prompt else _read_plain()
        except EOFError:
            print("Goodbye!")
            return 0
        except KeyboardInterrupt:
            continue
        try:
            if not handle(session, line, sys.stdout, sys.stderr):
                return 0
        except KeyboardInterrupt:  # Ctrl-C during an evaluation: its process is killed
            sys.stderr.write("Interrupted.\n")
        sys.stdout.flush()


def _read_plain() -> str:
    """Without a terminal (input piped in): the same prompts and continuation rule."""
    sys.stdout.write(PROMPT)
    sys.stdout.flush()
    text = sys.stdin.readline()
    if not text:
        raise EOFError
    while not is_complete(text):
        sys.stdout.write(CONTINUATION)
        sys.stdout.flush()
        more = sys.stdin.readline()
        if not more:
            break
        text += more
    return text
