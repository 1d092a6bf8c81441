"""Diagnostic wording lives in the catalogue (issue 21): the type checker names a code, a
wording `form` and the values to fill in, and `Reporter.emit` words the diagnostic from
the code's entry. These tests read mesh/compiler/types/** and fail when a call site words
a diagnostic itself, names a wording the entry does not have, or leaves a placeholder of
its wording unfilled (which would otherwise surface as a KeyError only when a user hits
that error)."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from mesh.cli import main as mesh_main
from mesh.compiler.diagnostics import Reporter, catalogue, entry, worded_label
from mesh.compiler.diagnostics.entry import Entry, Wording, shown
from mesh.compiler.source import SourceFile, Span

ROOT = Path(__file__).resolve().parents[2]
TYPES = ROOT / "mesh" / "compiler" / "types"
# The text an `emit` call may set itself: anything else comes from the entry's templates.
WORDING_KEYWORDS = ("label", "help", "note", "message")


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted(TYPES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def _label_calls() -> Iterator[tuple[str, str, ast.Call]]:
    """`Label(...)` and `worded_label(...)` calls: the secondary labels."""
    for path in sorted(TYPES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in ("Label", "worded_label"):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.func.id, node


def _is_text(node: ast.expr) -> bool:
    """A string literal, an f-string, or text glued together from them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


def _constants(node: ast.expr | None) -> list[str | None] | None:
    """The values a `form=` argument can take, or None when they are not all literal."""
    if node is None:
        return [None]
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _placeholders(w: Wording) -> set[str]:
    names: set[str] = set()
    for template in (w.headline, w.label, w.help, w.message, w.note):
        for _, name, _, _ in string.Formatter().parse(template or ""):
            if name:
                names.add(name)
    return names


def test_the_type_checker_never_words_a_diagnostic_itself() -> None:
    offenders = []
    for where, call in _calls():
        attr = call.func.attr  # type: ignore[attr-defined]
        if attr in ("error", "warning"):
            offenders.append(f"{where}: `.{attr}(...)` words a diagnostic inline")
        if attr not in ("emit", "emit_with"):
            continue
        for kw in call.keywords:
            if kw.arg in WORDING_KEYWORDS and _is_text(kw.value):
                offenders.append(f"{where}: `{kw.arg}=` text belongs in the catalogue entry")
    for where, fn, call in _label_calls():
        if fn == "Label" and any(_is_text(a) for a in call.args):
            offenders.append(f"{where}: a secondary label's text belongs in the catalogue")
    assert not offenders, (
        "\n".join(offenders) + "\nword it in the code's catalogue entry "
        "(mesh/compiler/diagnostics/codes_*.py): its headline/label/help templates, or a "
        "named `forms={...: Wording(...)}` variant chosen with `emit(code, span, form=...)`"
    )


def test_every_emit_names_a_wording_the_entry_has_and_fills_it() -> None:
    checked = 0
    problems = []
    for where, call in _calls():
        if call.func.attr not in ("emit", "emit_with") or not call.args:  # type: ignore[attr-defined]
            continue
        code = call.args[0]
        if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
            continue  # a code chosen at run time (E0101/E0102 for a misplaced `break`)
        kws = {kw.arg: kw.value for kw in call.keywords}
        forms = _constants(kws.get("form"))
        if forms is None:
            continue  # chosen by a helper's caller (`_usage_error("shape", ...)`)
        given = set(kws) | {"severity", "labels"}
        # values passed on from a helper's caller (`**params`, `emit_with`) are not checked
        spread = None in kws or call.func.attr == "emit_with"  # type: ignore[attr-defined]
        for form in forms:
            e = entry(code.value)
            if form is not None and form not in e.forms:
                problems.append(f"{where}: {code.value} has no wording {form!r}")
                continue
            w = e.wording(form)
            missing = _placeholders(w) - given
            overridden = {k for k in ("label", "help", "note") if k in kws}
            missing -= {p for p in missing if _only_in(w, p, overridden)}
            if missing and not spread:
                problems.append(f"{where}: {code.value}/{form} needs {sorted(missing)}")
            checked += 1
    for where, fn, call in _label_calls():
        if fn != "worded_label":
            continue
        code = call.args[0]
        form = call.args[2] if len(call.args) > 2 else ast.Constant(None)
        assert isinstance(code, ast.Constant) and isinstance(form, ast.Constant), where
        w = entry(code.value).wording(form.value)  # a KeyError names an unknown form
        missing = _placeholders(Wording(label=w.label)) - {k.arg for k in call.keywords}
        if missing:
            problems.append(f"{where}: {code.value}/{form.value} needs {sorted(missing)}")
        checked += 1
    assert not problems, "\n".join(problems)
    assert checked > 100, checked  # the scan really sees the checker's call sites


def _only_in(w: Wording, name: str, overridden: set[str]) -> bool:
    """Whether placeholder `name` appears only in templates the call overrides."""
    for field in ("headline", "label", "help", "message", "note"):
        template = getattr(w, field) or ""
        used = any(n == name for _, n, _, _ in string.Formatter().parse(template))
        if used and field not in overridden:
            return False
    return True


@pytest.mark.parametrize("code", [c for c, e in catalogue().items() if e.forms])
def test_every_form_is_complete_and_explained(
    code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    e: Entry = entry(code)
    for name, w in e.forms.items():
        # a form words a diagnostic (headline) or a secondary label (`worded_label`)
        assert name.isidentifier() and (w.headline or w.label), f"{code}/{name}"
        assert _placeholders(w) is not None  # well-formed templates
    assert mesh_main(["explain", code]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # undo the wrapping
    for w in e.forms.values():
        for template in (w.headline, w.help):
            assert template is None or " ".join(shown(template).split()) in flat, template
    unheaded = sum(w.headline is None for w in e.forms.values())
    assert out.count("Also labels a related span:") == unheaded


def test_emit_uses_the_named_form_and_rejects_an_unknown_one() -> None:
    reporter = Reporter()
    span = Span(SourceFile("main.mpl", "x"), 0, 1)
    d = reporter.emit(
        "E0009", span, form="missing", field="age", struct="User", fix="User { age: 0 }"
    )
    assert d.headline == "missing field age in struct User"
    assert d.help == "give every field a value: `User { age: 0 }`"
    assert [lbl.text for lbl in d.labels] == ["field `age` is required"]
    assert d.json_message == "missing field `age` in struct `User`"
    plain = reporter.emit("E0009", span, field="age", struct="User")
    assert plain.headline == "unknown field age in struct User"
    with pytest.raises(KeyError, match="missing"):
        reporter.emit("E0009", span, form="absent", field="age", struct="User")
    note = reporter.emit("E0031", span, form="not_imported", module="Util")
    assert note.note == "add `import ...Util` to use it qualified"
    secondary = worded_label("E0026", span, type="Point")
    assert (secondary.span, secondary.text) == (span, "previously defined for `Point`")
