"""`mesh repl` in a pseudo-terminal (pexpect): prompt_toolkit line editing, multi-line
input, `value :: Type`, every command of spec 08 §9, history in $HOME.

prompt_toolkit draws its prompt with cursor movements (`mesh>` then an escape sequence
instead of the space), so the tests wait for `mesh>` and `...`."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def _default_sigint() -> None:
    """Ctrl-C must reach the REPL as in a terminal. A test run started in the background of
    a non-interactive shell inherits SIGINT *ignored* (POSIX: asynchronous lists ignore
    SIGINT and SIGQUIT), Python then keeps it ignored, and the Ctrl-C test hung for 60 s."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def repl(tmp_path: Path):
    env = dict(
        os.environ, HOME=str(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1"
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mesh.cli", "repl"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 200),
        preexec_fn=_default_sigint,
    )
    child.expect_exact("Mesh REPL v0.1.0 (type :help for commands)")
    child.expect_exact("mesh>")
    yield child
    if child.isalive():
        child.terminate(force=True)


def entry(child, line: str, expect: str) -> None:
    child.sendline(line)
    child.expect_exact(expect)
    child.expect_exact("mesh>")


def test_values_types_and_definitions(repl, tmp_path: Path) -> None:
    entry(repl, "1 + 2", "3 :: Int")
    entry(repl, '"ab" <> "c"', '"abc" :: String')
    entry(repl, "[1, 2, 3] |> List.map(fn x -> x * 10 end)", "[10, 20, 30] :: List<Int>")
    entry(repl, "let total = 40", "Defined: total :: Int")
    entry(repl, "total + 2", "42 :: Int")
    repl.sendline('let (code, word) = (7, "seven")')
    repl.expect_exact("Defined: code :: Int")
    repl.expect_exact("Defined: word :: String")
    repl.expect_exact("mesh>")
    entry(repl, "word", '"seven" :: String')
    # multi-line: continuation prompt while `do` is open
    repl.sendline("fn twice(n :: Int) -> Int do")
    repl.expect_exact("...")
    repl.sendline("n * 2")
    repl.expect_exact("...")
    repl.sendline("end")
    repl.expect_exact("Defined: twice :: (Int) -> Int")
    repl.expect_exact("mesh>")
    entry(repl, "twice(total)", "80 :: Int")
    # a Unit expression prints only its own output
    repl.sendline('println("side effect")')
    repl.expect_exact("side effect")
    repl.expect_exact("mesh>")
    assert ":: ()" not in repl.before
    entry(repl, ":type twice(1) > 1", "twice(1) > 1 :: Bool")
    entry(repl, ":t Some(1)", "Some(1) :: Option<Int>")
    # the same answer as a compiled program would give (integer division, Display)
    entry(repl, '"#{7 / 2} #{[Some(1), None]}"', '"3 [Some(1), None]" :: String')


def test_commands_errors_and_history(repl, tmp_path: Path) -> None:
    entry(repl, ":help", ":reset")
    repl.sendline(":nope")
    repl.expect_exact("Unknown command: :nope")
    repl.expect_exact("Type :help for available commands.")
    repl.expect_exact("mesh>")
    entry(repl, "totl + 1", "Error: undefined variable: totl")
    entry(repl, "let x = 5", "Defined: x :: Int")
    lib = tmp_path / "lib.mpl"
    lib.write_text(
        'fn triple(n :: Int) -> Int do\n  n * 3\nend\n\nfn main() do\n  println("no")\nend\n'
    )
    entry(repl, f":load {lib}", f"Loaded '{lib}'")
    entry(repl, "triple(x)", "15 :: Int")
    entry(repl, ":reset", "Session reset. All definitions and history cleared.")
    entry(repl, "x", "Error: undefined variable: x")
    repl.sendline(":quit")
    repl.expect_exact("Goodbye!")
    repl.expect(pexpect.EOF)
    history = (tmp_path / ".mesh_repl_history").read_text()
    assert "triple(x)" in history and "let x = 5" in history


def _children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += (task / "children").read_text().split()
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return found


def _read(path: str) -> str:
    try:
        return Path(path).read_text(errors="replace").replace("\0", " ").strip()
    except OSError as e:
        return f"({e.strerror})"


def _runner(pid: int) -> str | None:
    """The REPL's child once it runs the entry: exec'd (a fork not yet exec'd still shows
    the REPL's command line) and past start-up (run_main's big-stack thread exists, so its
    stop-signal handlers are installed)."""
    for kid in _children(pid):
        if "repl_runner" in _read(f"/proc/{kid}/cmdline"):
            try:
                if len(list(Path(f"/proc/{kid}/task").iterdir())) > 1:
                    return kid
            except FileNotFoundError:
                pass
    return None


def _process_states(pid: int) -> str:
    """What the REPL and its children are doing (for a failure message)."""
    lines = []
    for p in [str(pid), *_children(pid)]:
        lines.append(f"pid {p}: {_read(f'/proc/{p}/cmdline')}")
        for line in _read(f"/proc/{p}/status").splitlines():
            if line.startswith(("State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")):
                lines.append(f"  {line}")
        try:
            tasks = sorted(Path(f"/proc/{p}/task").iterdir())
        except FileNotFoundError:
            continue
        for t in tasks:
            lines.append(
                f"  task {t.name}: syscall {_read(f'{t}/syscall')} wchan {_read(f'{t}/wchan')}"
            )
    return "\n".join(lines)


def test_ctrl_c_interrupts_an_endless_entry(repl) -> None:
    entry(repl, "let n = 1", "Defined: n :: Int")
    repl.sendline('while true do\nprintln("spin")\nend')
    # wait until the compiled entry runs in its own process
    deadline = time.monotonic() + TIMEOUT
    while not _runner(repl.pid):
        assert time.monotonic() < deadline, "the entry never started"
        time.sleep(0.05)
    repl.sendintr()
    try:
        repl.expect_exact("Interrupted.")
    except pexpect.TIMEOUT:
        raise AssertionError(
            f"no 'Interrupted.' after Ctrl-C\n{_process_states(repl.pid)}"
        ) from None
    entry(repl, "n + 1", "2 :: Int")  # the session survives


def test_ctrl_d_says_goodbye(repl) -> None:
    repl.sendeof()
    repl.expect_exact("Goodbye!")
    repl.expect(pexpect.EOF)


def test_each_entry_runs_once_and_its_bindings_stay_visible(repl, tmp_path: Path) -> None:
    # The effect is a line appended to a file: what an earlier entry did again would show
    # up there even though the REPL only prints the new entry's own output.
    log = tmp_path / "effects.log"
    repl.sendline("fn noisy(n :: Int) -> Int do")
    repl.sendline('File.append("effects.log", "#{n}\\n")')
    repl.sendline("n")
    repl.sendline("end")
    repl.expect_exact("Defined: noisy :: (Int) -> Int")
    repl.expect_exact("mesh>")
    entry(repl, "let a = noisy(1)", "Defined: a :: Int")
    repl.sendline('let (b, word) = (noisy(2), "two")')
    repl.expect_exact("Defined: word :: String")
    repl.expect_exact("mesh>")
    entry(repl, "struct Point do\nx :: Int\ny :: Int\nend", "Defined: Point :: struct")
    entry(repl, "let p = Some(Point { x: a, y: b })", "Defined: p :: Option<Point>")
    # a closure cannot outlive its process: its `let` is evaluated again, capturing the
    # `a` it saw when it was typed, not the one that shadows it later
    repl.sendline('let add_a = if noisy(0) == 0 do\nprintln("made add_a")\nfn(x) -> x + a end\nend')
    repl.expect_exact("made add_a")
    repl.expect_exact("Defined: add_a :: (Int) -> Int")
    repl.expect_exact("mesh>")
    entry(repl, 'let a = "shadow"', "Defined: a :: String")
    repl.sendline("add_a(b) + noisy(3)")
    repl.expect_exact("6 :: Int")
    assert "made add_a" not in repl.before  # what the re-evaluation prints is not shown
    repl.expect_exact("mesh>")
    entry(repl, "case p do\nSome(q) -> q.x + q.y\nNone -> 0\nend", "3 :: Int")
    entry(repl, 'a <> " " <> word', '"shadow two" :: String')
    # only the closure's `let` ran again (the 0s), once per later entry that ran code
    assert [n for n in log.read_text().split() if n != "0"] == ["1", "2", "3"]
