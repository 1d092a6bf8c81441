"""The diagnostics catalogue (mesh/compiler/diagnostics/codes_*.py) against the tree, the
spec and its own examples: every code reported anywhere in mesh/ and every code the spec
lists has exactly one entry, no user-reachable condition is left on the catch-all
`E0000`, each entry's example really reports its code, and `mesh explain` prints every
entry."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from mesh.cli import main as mesh_main
from mesh.compiler.diagnostics import Reporter, catalogue, entry, table
from mesh.compiler.diagnostics.entry import Entry
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile, Span
from mesh.compiler.types import check_program
from mesh.tooling import diagnostics_docs

ROOT = Path(__file__).resolve().parents[2]
MESH = ROOT / "mesh"
SPEC = ROOT.parent / "shared" / "spec"
CATALOGUE_DIR = MESH / "compiler" / "diagnostics"
CODE = re.compile(r"""["']((?:[EWPC]|CFG)\d{4})["']""")
HOW_TO_ADD = (
    'add an Entry("{code}", "<title>", headline=..., label=..., help=..., '
    'explanation="""<what it means and how to fix it>""", example="""<a main.mpl '
    'that reports it>""") to mesh/compiler/diagnostics/codes_<group>.py '
    "(types, functions, modules, processes, local for E01xx, tool), a row to docs/diagnostics.md, and "
    "regenerate docs/reference/diagnostics.md with `.venv/bin/python -m "
    "mesh.tooling.diagnostics_docs`"
)


def _codes_used_in_tree() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(MESH.rglob("*.py")):
        if path.parent == CATALOGUE_DIR:
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return used


def test_every_code_used_in_mesh_has_an_entry() -> None:
    missing = {
        c: files
        for c, files in _codes_used_in_tree().items()
        if c not in catalogue() and c != "E0000"
    }
    assert not missing, "\n".join(
        f"{code} (used in {', '.join(sorted(set(files)))}) has no catalogue entry: "
        + HOW_TO_ADD.format(code=code)
        for code, files in sorted(missing.items())
    )


@pytest.mark.skipif(not SPEC.is_dir(), reason="the spec is not next to this checkout")
def test_every_code_the_spec_lists_has_an_entry() -> None:
    listed: set[str] = set()
    for page in SPEC.glob("*.md"):
        listed |= set(re.findall(r"\b((?:[EWPC]|CFG)\d{4})\b", page.read_text(encoding="utf-8")))
    missing = sorted(listed - set(catalogue()))
    assert not missing, "\n".join(
        f"spec code {c} has no catalogue entry: " + HOW_TO_ADD.format(code=c) for c in missing
    )


def test_no_catch_all_code_remains() -> None:
    used = _codes_used_in_tree()
    assert "E0000" not in used, (
        f"E0000 is reported in {used.get('E0000')}: every condition a user can cause gets "
        "its own code (the next free E01xx in mesh/compiler/diagnostics/codes_local.py)"
    )
    assert "E0000" not in catalogue()


def test_codes_are_unique_and_well_formed() -> None:
    seen: dict[str, str] = {}
    for module in sorted(CATALOGUE_DIR.glob("codes_*.py")):
        for code in re.findall(r'^    Entry\(\n        "([A-Z]+\d{4})"', module.read_text(), re.M):
            assert code not in seen, f"{code} is defined in {seen[code]} and {module.name}"
            seen[code] = module.name
    assert set(seen) == set(catalogue()), "every codes_*.py module is part of the catalogue"
    with pytest.raises(ValueError, match="two catalogue entries"):
        table._collect([(catalogue()["E0001"],), (catalogue()["E0001"],)])
    for code, e in catalogue().items():
        assert e.code == code and e.severity in ("error", "warning"), code
        assert (e.severity == "warning") == code.startswith("W"), code
        assert e.title and e.explanation.strip() and e.example.strip(), code


def test_every_example_is_checked_for_something_specific() -> None:
    """The docs page's markers come from these fields (mesh/tooling/diagnostics_docs.py):
    a `reported_as` code must exist and not be an `accepted` entry's, and an example
    checked for a tool code shows the line it is about (every failing build prints a
    C0001, so the code alone would prove nothing)."""
    for code, e in catalogue().items():
        checked_for = e.reported_as or code
        assert checked_for in catalogue(), f"{code}: reported_as {checked_for} is not a code"
        assert not (e.accepted and e.reported_as), f"{code}: accepted examples are run"
        if checked_for in ("C0001", "W0000") and not e.accepted:
            assert e.output, f"{code}: its example needs `output`, the tool line it causes"
    page = diagnostics_docs.render()
    assert "<!-- skip:" not in page, "every example of the reference page is built"
    assert page.count("<!-- fails: ") + page.count("<!-- warns: ") == sum(
        not e.accepted for e in catalogue().values()
    )


def _reported(source: str) -> list[str]:
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", source), "Main", reporter)
    if module is not None:
        check_program([module], "Main", reporter)
    return [d.code for d in reporter.items]


# The single-file examples that report their code, compiled in-process here for quick
# feedback; tests/test_docs.py builds every example (projects and accepted programs too)
# from the generated page with `mesh build`.
REPORTING = [
    e
    for e in catalogue().values()
    if not e.accepted and not textwrap.dedent(e.example).lstrip().startswith("#")
]


@pytest.mark.parametrize("e", REPORTING, ids=[e.code for e in REPORTING])
def test_the_example_reports_its_code(e: Entry) -> None:
    codes = _reported(textwrap.dedent(e.example))
    # a build reports `reported_as` (the docs test checks that); only the parser's codes
    # also come first when the type checker is called directly
    wanted = e.reported_as if e.reported_as == "P0001" else e.code
    assert wanted in codes, f"the example of {e.code} reports {codes}"


@pytest.mark.parametrize("code", list(catalogue()))
def test_mesh_explain_prints_every_entry(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert mesh_main(["explain", code.lower() if code[0] == "E" else code]) == 0
    out = capsys.readouterr().out
    e = entry(code)
    assert out.startswith(f"{code}: {e.title}")
    assert textwrap.dedent(e.example).strip().splitlines()[0] in out


def test_mesh_explain_lists_codes_and_rejects_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert mesh_main(["explain"]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"^E0012 +Non-exhaustive match$", listing, re.M)
    assert len(listing.splitlines()) == len(catalogue())
    assert mesh_main(["explain", "E9999"]) == 1
    assert "no diagnostic E9999" in capsys.readouterr().err


def test_emit_words_a_diagnostic_from_its_entry() -> None:
    reporter = Reporter()
    span = Span(SourceFile("main.mpl", "x"), 0, 1)
    d = reporter.emit("E0003", span, expected=2, found=1, help="missing 1 argument(s)")
    assert (d.code, d.severity, d.headline) == ("E0003", "error", "expected 2 argument(s), found 1")
    assert [lbl.text for lbl in d.labels] == ["expected 2 argument(s)"]
    assert d.help == "missing 1 argument(s)"
    assert d.json_message == "arity mismatch: expected 2 arguments, found 1"
    w = reporter.emit("W0001", span, number=2, index=1)
    assert w.severity == "warning" and w.help == "remove this arm or reorder the match"
    with pytest.raises(KeyError, match="codes_"):
        reporter.emit("E9999", span)
    tool = reporter.emit("C0001", span, message="Circular dependency: Main -> A -> Main")
    assert (tool.severity, tool.headline, tool.labels) == (
        "error",
        "Circular dependency: Main -> A -> Main",
        [],
    )


def test_the_book_page_is_up_to_date() -> None:
    assert diagnostics_docs.OUTPUT.read_text(encoding="utf-8") == diagnostics_docs.render(), (
        "docs/reference/diagnostics.md is out of date: run "
        "`.venv/bin/python -m mesh.tooling.diagnostics_docs` and commit the result"
    )
