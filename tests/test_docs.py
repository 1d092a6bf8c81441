"""The documentation cannot drift from the compiler: every ```mesh block in README.md and
docs/**/*.md is compiled with the real `mesh build`, and run when it is a whole program.

How a block is checked is chosen by an HTML comment on the line just before its fence
(the conventions are documented for writers in docs/contributing-docs.md):

  (no marker)            a whole program: built, run (no stdin, fresh cwd), exit status 0.
  <!-- no-run -->        a whole program that must not run here (a server, a database, a
                         cluster node): built only.
  <!-- fragment -->      declarations without `main` (functions, types, services): built
                         with an empty `fn main() do end` appended, not run.
  <!-- fails: E0012 --> the build must fail with exit 1 and report that code, an error of
                         the diagnostics catalogue (E, P, CFG and the tool error C0001).
  <!-- warns: W0001 --> the build must succeed (exit 0) and report that code, a warning of
                         the catalogue (W, and the tool warning W0000); not run.
  <!-- skip: REASON -->  not compiled at all (text that is not a program, e.g. a test file
                         or deliberately unformatted input); the reason is required.

Codes are read from the build's `--json` output, where every diagnostic, tool-level ones
included, carries its code and severity.

A block whose first line is a `# path/to/file.mpl` comment is a small project: each such
line starts a file of it (`main.mpl` is the entry) and the directory is built.

A ```text block right after a mesh block, with `<!-- output -->` on the line before its
fence, is the expected output: the program's exact stdout, or for a `fails`/`warns` block
lines that must each appear in the compiler's human output (file paths there are shown
relative to the example, e.g. `example.mpl:2:18`, or to the project, `util/secrets.mpl`).

A second test checks that no link or path in those pages leaves the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from mesh_build import ROOT, build_argv, mesh_env
from test_programs import builder  # noqa: F401  (the shared `mesh build --batch` fixture)

from mesh.compiler.diagnostics import catalogue

PAGES = sorted([ROOT / "README.md", ROOT / "ARCHITECTURE.md", *(ROOT / "docs").rglob("*.md")])
RUN_TIMEOUT = 30.0
MARKER = re.compile(
    r"^<!--\s*(no-run|fragment|(?:fails|warns):\s*([A-Z]+\d{4})|skip:\s*(\S.*?)|output)\s*-->$"
)
SEVERITY = {"fails": "error", "warns": "warning"}  # what a marker's code must be
FILE_HEADER = re.compile(r"^# ((?:[a-z0-9_]+/)*[a-z0-9_-]+\.mpl)$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")


@dataclass
class Block:
    """One ```mesh block, how it is checked and the output the page shows for it."""

    page: Path
    line: int  # 1-based line of the opening fence
    source: str
    mode: str  # "run" | "no-run" | "fragment" | "fails" | "warns" | "skip"
    code: str | None = None  # the diagnostic code of a "fails" or "warns" block
    output: str | None = None

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def _fences(lines: list[str]) -> list[tuple[int, int, str]]:
    """(opening index, closing index, info word) of every fenced block of a page."""
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, j = m.group(2), m.group(3), i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        found.append((i, j, info))
        i = j + 1
    return found


def _marker_before(lines: list[str], index: int) -> re.Match | None:
    return MARKER.match(lines[index - 1].strip()) if index > 0 else None


def parse_page(page: Path) -> list[Block]:
    """The mesh blocks of one page. A malformed marker is an error, not a silent skip."""
    lines = page.read_text(encoding="utf-8").splitlines()
    fences = _fences(lines)
    blocks: list[Block] = []
    for n, (start, end, info) in enumerate(fences):
        if info != "mesh":
            continue
        source = "\n".join(lines[start + 1 : end]) + "\n"
        mode, code = "run", None
        m = _marker_before(lines, start)
        if m and m.group(1) != "output":
            word = m.group(1).split(":")[0]
            mode, code = word, m.group(2)
            if word in SEVERITY:
                known = catalogue().get(code or "")
                assert known is not None, f"{page}:{start}: {code} is not a catalogue code"
                assert known.severity == SEVERITY[word], (
                    f"{page}:{start}: {code} is a{'n' * (known.severity == 'error')} "
                    f"{known.severity}; mark it `{'fails' if known.severity == 'error' else 'warns'}`"
                )
        elif start > 0 and lines[start - 1].strip().startswith("<!--"):
            raise AssertionError(f"{page}:{start}: unknown doc-test marker {lines[start - 1]!r}")
        block = Block(page, start + 1, source, mode, code)
        if n + 1 < len(fences):
            nstart, nend, ninfo = fences[n + 1]
            between = [ln for ln in lines[end + 1 : nstart - 1] if ln.strip()]
            om = _marker_before(lines, nstart)
            if om and om.group(1) == "output" and not between:
                assert ninfo == "text", f"{page}:{nstart + 1}: output must be a ```text block"
                block.output = "\n".join(lines[nstart + 1 : nend]) + "\n"
        blocks.append(block)
    return blocks


BLOCKS = [b for page in PAGES for b in parse_page(page)]


def project_files(source: str) -> dict[str, str] | None:
    """A block that starts with a `# path.mpl` line, split into its files; else None."""
    lines = source.splitlines(keepends=True)
    if not lines or not FILE_HEADER.match(lines[0].rstrip()):
        return None
    files: dict[str, list[str]] = {}
    current: list[str] = []
    for line in lines:
        m = FILE_HEADER.match(line.rstrip())
        if m:
            assert m.group(1) not in files, f"{m.group(1)} appears twice"
            current = files.setdefault(m.group(1), [])
        else:
            current.append(line)
    assert "main.mpl" in files, "a project example needs a `# main.mpl` file"
    return {path: "".join(body).strip("\n") + "\n" for path, body in files.items()}


def _write_example(block: Block, tmp_path: Path) -> Path:
    """The example on disk: `example.mpl`, or the directory `project/` of a project block."""
    files = project_files(block.source)
    if files is None:
        src = tmp_path / "example.mpl"
        extra = "\nfn main() do\nend\n" if block.mode == "fragment" else ""
        src.write_text(block.source + extra, encoding="utf-8")
        return src
    assert block.mode != "fragment", "a project example is a whole program"
    root = tmp_path / "project"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _reported(json_output: str) -> set[tuple[str, str]]:
    """(code, severity) of every diagnostic in a `mesh build --json` output."""
    found = set()
    for line in json_output.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            found.add((d["code"], d["severity"]))
    return found


def _check_diagnostic(block: Block, builder, argv: list[str], shown: str) -> None:  # noqa: F811
    """A `fails`/`warns` block: the exit status, the code in the JSON output, and the
    page's output lines in the human output."""
    assert block.code is not None
    status, out = builder.build([*argv, "--json"])
    expected_status = 1 if block.mode == "fails" else 0
    assert status == expected_status, f"expected exit {expected_status}, got {status}:\n{out}"
    reported = _reported(out)
    wanted = (block.code, SEVERITY[block.mode])
    assert wanted in reported, f"missing {block.code} ({wanted[1]}) in:\n{out}"
    if block.output is not None:
        human_status, out = builder.build(argv)
        assert human_status == status, f"exit {human_status} without --json, {status} with it"
        out = out.replace(shown, "")
        for line in block.output.splitlines():
            assert line.rstrip() in out, f"missing {line!r} in compiler output:\n{out}"


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_doc_block(block: Block, builder, tmp_path: Path) -> None:  # noqa: F811
    if block.mode == "skip":
        pytest.skip("marked skip in the page")
    src = _write_example(block, tmp_path)
    exe = tmp_path / "example"
    argv = build_argv(src, exe, tmp_path / "build")
    # paths in the compiler's output, relative to the example file or project directory
    shown = str(src if src.is_dir() else tmp_path) + "/"
    if block.mode in SEVERITY:
        _check_diagnostic(block, builder, argv, shown)
        return
    status, out = builder.build(argv)
    out = out.replace(shown, "")
    assert status == 0, f"build failed (exit {status}):\n{out}"
    if block.mode != "run":
        assert block.output is None, "a block that is not run cannot show checked output"
        return
    env = mesh_env()
    env.pop("PYTHONPATH", None)
    run = subprocess.run(
        [str(exe)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=RUN_TIMEOUT,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    stdout = run.stdout.decode("utf-8", "replace")
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0, f"exit {run.returncode}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    if block.output is not None:
        assert stdout == block.output, f"stdout differs from the page:\n{stdout}"


# ------------------------------------------------------------------------------- links

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
OUTSIDE = re.compile(r"(?<![\w.])(shared/|\.\./shared|DESIGN\.md|DESIGN §|/work/)")


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_links_stay_in_repository(page: Path) -> None:
    """Relative links resolve to files of the checkout; nothing names the team's spec."""
    text = page.read_text(encoding="utf-8")
    problems = [f"mentions {m.group(0)!r}" for m in OUTSIDE.finditer(text)]
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        resolved = (page.parent / path).resolve()
        if not resolved.is_relative_to(ROOT):
            problems.append(f"link {target!r} leaves the repository")
        elif not resolved.exists():
            problems.append(f"link {target!r} does not resolve")
    assert not problems, f"{page.relative_to(ROOT)}: " + "; ".join(problems)


def test_diagnostics_index_lists_every_code() -> None:
    """docs/diagnostics.md names every code the compiler can report, and no other."""
    emitted: set[str] = set()
    catalogue = ROOT / "mesh" / "compiler" / "diagnostics"  # also lists spec-only codes
    for path in (ROOT / "mesh").rglob("*.py"):
        if path.parent != catalogue:
            emitted |= set(re.findall(r'"([EWPC]\d{4})"', path.read_text(encoding="utf-8")))
    listed = set(
        re.findall(
            r"^\| ([EWPC]\d{4}) \|",
            (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert emitted - listed == set(), "codes missing from docs/diagnostics.md"
    assert listed - emitted == set(), "docs/diagnostics.md lists codes the compiler never emits"
