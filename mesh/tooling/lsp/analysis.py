"""Incremental analysis of a project for the language server.

The compiler's phases are reused as they are (lexer, parser, `check_program`); what this
module adds is *what to redo* after an edit, so that a keystroke in a 5,000-line project
answers well under a second (bench/lsp.py):

* Tokens are cached per file and only re-lexed when its text changes; lexing is half of
  parsing time.
* The checker annotates and partly rewrites the tree in place (method-call rewrites,
  `HTTP.clustered` arguments), so a checked tree is never checked again. Instead every
  module keeps a *spare*: a fresh, unchecked tree parsed from the cached tokens. Spares
  are refilled one module at a time while the editor is idle (`refill_one`).
* After an edit of module M only M, the modules importing it (transitively) and what those
  import are checked — a module's diagnostics depend only on the modules it imports.
  Other modules keep their previous diagnostics and typed trees.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mesh.compiler import ast as A
from mesh.compiler.deep import deep
from mesh.compiler.diagnostics import CompileError, Diagnostic, Reporter
from mesh.compiler.driver import dependency_order, module_imports
from mesh.compiler.project import (
    TEST_SUFFIX,
    Project,
    ProjectError,
    load_project,
    module_name_for,
    project_root_above,
)
from mesh.compiler.source import SourceFile, Span


@dataclass(eq=False)
class ModuleState:
    """One module of a project: its current text and what was computed from it."""

    name: str
    path: str  # absolute
    rel_path: str
    text: str = ""
    source: SourceFile | None = None
    tokens: list | None = None
    imports: list[str] = field(default_factory=list)
    parse_errors: list[Diagnostic] = field(default_factory=list)
    spare: A.Module | None = None  # parsed from `tokens`, never checked
    ast: A.Module | None = None  # the latest checked tree (for hover, definition …)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def is_test(self) -> bool:
        return self.rel_path.endswith(TEST_SUFFIX)


def find_root(path: str) -> str | None:
    """The project root of a file (spec 08 §10); None for a file outside any project."""
    return project_root_above(os.path.dirname(os.path.abspath(path)))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return ""


class ProjectAnalysis:
    """Everything known about one project (or one stand-alone file)."""

    def __init__(self, root: str | None, standalone: str | None = None) -> None:
        self.root = root
        self.entry = ""
        self.modules: dict[str, ModuleState] = {}
        self.by_path: dict[str, str] = {}
        self.project_error: str | None = None
        self._standalone = standalone
        self.rediscover()

    # -- files ------------------------------------------------------------------------

    def rediscover(self) -> None:
        """(Re)list the project's module files; keeps the state of known ones."""
        found: dict[str, tuple[str, str]] = {}
        self.project_error = None
        if self.root is not None:
            try:
                project: Project = load_project(self.root)
                self.entry = project.entry
                for name, mf in project.modules.items():
                    found[name] = (os.path.abspath(mf.abs_path), mf.rel_path)
            except ProjectError as e:
                self.project_error = str(e)
        if self._standalone is not None:
            rel = os.path.basename(self._standalone)
            found[module_name_for(rel)] = (self._standalone, rel)
        for name, ms in list(self.modules.items()):
            if ms.is_test:  # test files take part only while open
                found.setdefault(name, (ms.path, ms.rel_path))
        old = self.modules
        self.modules = {}
        for name, (path, rel) in found.items():
            ms = old.get(name)
            if ms is None or ms.path != path:
                ms = ModuleState(name, path, rel)
                self._set_text(ms, _read(path))
            self.modules[name] = ms
        self.by_path = {ms.path: name for name, ms in self.modules.items()}

    def module_for(self, path: str) -> ModuleState:
        """The module of an open file, adding a test file (or a new file) when needed."""
        name = self.by_path.get(path)
        if name is None:
            rel = os.path.relpath(path, self.root) if self.root else os.path.basename(path)
            rel = rel.replace(os.sep, "/")
            name = module_name_for(rel)
            if rel.endswith(TEST_SUFFIX):
                name = "Test:" + rel
            self.modules[name] = ModuleState(name, path, rel)
            self.by_path[path] = name
        return self.modules[name]

    def set_text(self, path: str, text: str) -> ModuleState | None:
        """Record the editor's text of `path`; returns its module if the text changed."""
        ms = self.module_for(path)
        if ms.source is not None and ms.text == text:
            return None
        self._set_text(ms, text)
        return ms

    @deep
    def _set_text(self, ms: ModuleState, text: str) -> None:
        ms.text = text
        ms.source = SourceFile(ms.path, text, ms.rel_path)
        ms.tokens, ms.spare, ms.parse_errors = None, None, []
        reporter = Reporter()
        tree = self._parse(ms, reporter, fresh_tokens=True)
        ms.parse_errors = list(reporter.items)
        ms.spare = tree
        if tree is not None:
            ms.imports = [t for t, _ in module_imports(tree)]

    def _parse(self, ms: ModuleState, reporter: Reporter, fresh_tokens: bool = False):
        from mesh.compiler.parse import ParseError, Parser, parse_items, report_parse_failure
        from mesh.compiler.parse.lexer import LexError, tokenize

        assert ms.source is not None
        if ms.is_test:
            from mesh.compiler.testforms import parse_test_module

            return parse_test_module(ms.source, ms.name, reporter)
        try:
            if fresh_tokens or ms.tokens is None:
                ms.tokens = tokenize(ms.source)
            items = parse_items(Parser(ms.tokens, ms.source))
        except (LexError, ParseError, RecursionError) as exc:
            report_parse_failure(ms.source, reporter, exc)
            return None
        return A.Module(ms.name, ms.source, items)

    # -- checking ---------------------------------------------------------------------

    def _closure(self, start: set[str], edges: dict[str, list[str]]) -> set[str]:
        seen = set(start)
        work = list(start)
        while work:
            for nxt in edges.get(work.pop(), ()):
                if nxt in self.modules and nxt not in seen:
                    seen.add(nxt)
                    work.append(nxt)
        return seen

    def check(self, changed: set[str]) -> set[str]:
        """Re-check after `changed` modules got new text; returns the modules whose
        diagnostics were recomputed."""
        for name in changed:
            ms = self.modules.get(name)
            if ms is not None and ms.parse_errors:
                ms.diagnostics = list(ms.parse_errors)
        ok = {n for n in changed if n in self.modules and not self.modules[n].parse_errors}
        if not ok:
            return set(changed)
        importers: dict[str, list[str]] = {}
        for name, ms in self.modules.items():
            for dep in ms.imports:
                importers.setdefault(dep, []).append(name)
        affected = self._closure(ok, importers)
        needed = self._closure(affected, {n: m.imports for n, m in self.modules.items()})
        needed = {n for n in needed if not self.modules[n].parse_errors}
        self._check(needed)
        return needed | set(changed)

    @deep
    def _check(self, needed: set[str]) -> None:
        from mesh.compiler.types import check_program

        trees: dict[str, A.Module] = {}
        for name in sorted(needed):
            ms = self.modules[name]
            tree = ms.spare if ms.spare is not None else self._parse(ms, Reporter())
            ms.spare = None
            if tree is not None:
                trees[name] = tree
        reporter = Reporter()
        shim = Project(self.root or "", "", "", self.entry if self.entry in trees else "", {})
        try:
            order = dependency_order(trees, shim)
        except ProjectError as e:
            for name in trees:
                ms = self.modules[name]
                ms.ast = trees[name]
                tool_error = Reporter().emit("C0001", Span(ms.source, 0, 0), message=str(e))
                ms.diagnostics = [tool_error]
            return
        try:
            check_program([trees[n] for n in order], shim.entry, reporter)
        except CompileError:
            pass
        by_file: dict[int, list[Diagnostic]] = {}
        for d in reporter.items:
            by_file.setdefault(id(d.span.file), []).append(d)
        for name, tree in trees.items():
            ms = self.modules[name]
            ms.ast = tree
            ms.diagnostics = by_file.get(id(ms.source), [])

    def refill_one(self) -> bool:
        """Parse one spare tree (idle work); False when every module has one."""
        for ms in self.modules.values():
            if ms.spare is None and ms.source is not None and not ms.parse_errors:
                self._refill(ms)
                return True
        return False

    @deep
    def _refill(self, ms: ModuleState) -> None:
        ms.spare = self._parse(ms, Reporter())


class Workspace:
    """Projects by root; files outside any project are analysed on their own."""

    def __init__(self) -> None:
        self.projects: dict[str, ProjectAnalysis] = {}

    def analysis_for(self, path: str) -> ProjectAnalysis:
        path = os.path.abspath(path)
        root = find_root(path)
        key = root if root is not None else "file:" + path
        pa = self.projects.get(key)
        if pa is None:
            pa = ProjectAnalysis(root, None if root is not None else path)
            self.projects[key] = pa
            pa.check(set(pa.modules))
        return pa
