"""`mesh lsp`: the language server (spec 08 §10) on pygls, speaking JSON-RPC on stdio.

Handlers run on pygls's event loop. Edits are coalesced: a change only records the text
and schedules one analysis; when several changes arrive before it runs, it analyses the
latest text once. Idle time refills the parse spares (see analysis.py).
"""

from __future__ import annotations

import asyncio
import gc
import os
from urllib.parse import unquote, urlparse

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from mesh.compiler.diagnostics import Diagnostic
from mesh.compiler.source import Span
from mesh.tooling.lsp import complete, nodes
from mesh.tooling.lsp.analysis import ModuleState, ProjectAnalysis, Workspace
from mesh.tooling.lsp.text import full_range, offset, span_range

_KINDS = {
    "function": T.SymbolKind.Function,
    "struct": T.SymbolKind.Struct,
    "enum": T.SymbolKind.Enum,
    "variant": T.SymbolKind.EnumMember,
    "field": T.SymbolKind.Field,
    "interface": T.SymbolKind.Interface,
    "method": T.SymbolKind.Method,
    "impl": T.SymbolKind.Class,
    "actor": T.SymbolKind.Class,
    "service": T.SymbolKind.Class,
    "supervisor": T.SymbolKind.Class,
    "module": T.SymbolKind.Module,
    "type": T.SymbolKind.TypeParameter,
}


def path_of(uri: str) -> str:
    return os.path.abspath(unquote(urlparse(uri).path))


class MeshServer(LanguageServer):
    def __init__(self) -> None:
        from mesh.cli import VERSION

        super().__init__("mesh", VERSION, text_document_sync_kind=T.TextDocumentSyncKind.Full)
        self.ws = Workspace()
        self.pending: dict[str, str] = {}  # path → latest unanalysed text
        self._scheduled = False
        self._idle: asyncio.Task | None = None
        self._flushes = 0  # analyses since the last full garbage collection

    # -- analysis -----------------------------------------------------------------------

    def text_changed(self, uri: str, text: str) -> None:
        self.pending[path_of(uri)] = text
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        """Analyse every pending edit and publish the diagnostics that changed."""
        self._scheduled = False
        pending, self.pending = self.pending, {}
        by_project: dict[int, tuple[ProjectAnalysis, set[str]]] = {}
        for path, text in pending.items():
            pa = self.ws.analysis_for(path)
            ms = pa.set_text(path, text) or pa.module_for(path)
            entry = by_project.setdefault(id(pa), (pa, set()))
            if ms.ast is None or ms.text is not ms.ast.file.text:  # new text: check it
                entry[1].add(ms.name)
            else:  # e.g. opening a file whose text the project analysis already checked
                self.publish(pa, ms)
        for pa, changed in by_project.values():
            try:
                done = pa.check(changed)
            except Exception as e:  # noqa: BLE001 - a compiler bug must not kill the server
                done = set()
                for name in changed:
                    ms = pa.modules[name]
                    ms.diagnostics = [
                        Diagnostic(
                            "ICE",
                            "error",
                            f"internal compiler error: {type(e).__name__}: {e}",
                            Span(ms.source, 0, 0),
                        )
                    ]
            for name in done | changed:
                self.publish(pa, pa.modules[name])
        # The trees just built are long-lived and (nearly) acyclic: move them out of the
        # collector's sight, or its full scans of millions of nodes stall later requests
        # by 100+ ms. Dropped trees are still freed by reference counting.
        gc.freeze()
        if self._idle is not None:
            self._idle.cancel()  # it only ever stops at an `await`, between two parses
        self._idle = asyncio.get_running_loop().create_task(self.refill())

    async def refill(self) -> None:
        """Idle work: one spare parse per loop turn, so a new edit waits for one at most;
        then, after a pause in typing, one full collection of what `gc.freeze` hid."""
        for pa in list(self.ws.projects.values()):
            while not self.pending and pa.refill_one():
                await asyncio.sleep(0)
        self._flushes += 1
        if self._flushes >= 50:
            await asyncio.sleep(2.0)
            if not self.pending:
                self._flushes = 0
                gc.unfreeze()
                gc.collect()
                gc.freeze()

    def publish(self, pa: ProjectAnalysis, ms: ModuleState) -> None:
        if ms.source is None:
            return
        diags = [self.lsp_diagnostic(d) for d in ms.diagnostics if d.span.file is ms.source]
        if pa.project_error:
            diags.insert(
                0,
                T.Diagnostic(
                    range=span_range(ms.source, 0, 0),
                    message=pa.project_error,
                    source="mesh",
                    severity=T.DiagnosticSeverity.Error,
                ),
            )
        self.text_document_publish_diagnostics(
            T.PublishDiagnosticsParams(uri=from_fs_path(ms.path), diagnostics=diags)
        )

    @staticmethod
    def lsp_diagnostic(d: Diagnostic) -> T.Diagnostic:
        message = d.headline
        labels = [lb.text for lb in d.labels if lb.text and lb.text not in message]
        if labels:
            message += f" ({labels[0]})"
        if d.help:
            message += f"\nhelp: {d.help}"
        severity = (
            T.DiagnosticSeverity.Error if d.severity == "error" else T.DiagnosticSeverity.Warning
        )
        return T.Diagnostic(
            range=span_range(d.span.file, d.span.start, d.span.end),
            message=message,
            severity=severity,
            code=d.code,
            source="mesh",
        )

    def at(self, uri: str, pos: T.Position):
        """(analysis, module, character offset) for a request position."""
        if self.pending:
            self.flush()
        path = path_of(uri)
        pa = self.ws.analysis_for(path)
        ms = pa.module_for(path)
        if ms.source is None:
            pa.set_text(path, self.workspace.get_text_document(uri).source)
        return pa, ms, offset(ms.source, pos)

    @staticmethod
    def trees(pa: ProjectAnalysis) -> dict:
        return {n: m.ast for n, m in pa.modules.items() if m.ast is not None}


server = MeshServer()


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MeshServer, params: T.DidOpenTextDocumentParams) -> None:
    ls.text_changed(params.text_document.uri, params.text_document.text)


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MeshServer, params: T.DidChangeTextDocumentParams) -> None:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    ls.text_changed(params.text_document.uri, doc.source)


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MeshServer, params: T.DidCloseTextDocumentParams) -> None:
    """Unsaved changes are dropped: the module is the file on disk again."""
    path = path_of(params.text_document.uri)
    try:
        with open(path, encoding="utf-8") as f:
            ls.text_changed(params.text_document.uri, f.read().removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError):
        pass


@server.feature(T.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MeshServer, params: T.DidSaveTextDocumentParams) -> None:
    """A save may add or rename modules: list the project's files again."""
    path = path_of(params.text_document.uri)
    pa = ls.ws.analysis_for(path)
    before = set(pa.modules)
    pa.rediscover()
    added = set(pa.modules) - before
    if added:
        for name in pa.check(added):
            ls.publish(pa, pa.modules[name])


@server.feature(T.TEXT_DOCUMENT_HOVER)
def hover(ls: MeshServer, params: T.HoverParams) -> T.Hover | None:
    pa, ms, off = ls.at(params.text_document.uri, params.position)
    if ms.ast is None:
        return None
    node = nodes.node_at(ms.ast, off)
    text = nodes.hover_text(node, ms.name) if node is not None else None
    if text is None:
        return None
    return T.Hover(
        contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=f"```mesh\n{text}\n```")
    )


def _word_at(text: str, off: int) -> str:
    start = off
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    end = off
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[start:end]


@server.feature(T.TEXT_DOCUMENT_DEFINITION)
def definition(ls: MeshServer, params: T.DefinitionParams) -> T.Location | None:
    pa, ms, off = ls.at(params.text_document.uri, params.position)
    if ms.ast is None:
        return None
    trees = ls.trees(pa)
    node = nodes.node_at(ms.ast, off)
    found = nodes.find_definition(ms.ast, node, trees) if node is not None else None
    if found is None:
        word = _word_at(ms.text, off)
        found = nodes.definition_by_name(word, ms.ast, trees) if word else None
    if found is None:
        return None
    tree, span = found
    return T.Location(
        uri=from_fs_path(tree.file.path), range=span_range(tree.file, span.start, span.end)
    )


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: MeshServer, params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
    pa, ms, _ = ls.at(params.text_document.uri, T.Position(line=0, character=0))
    tree = ms.ast or ms.spare
    if tree is None:
        return []

    def convert(sym) -> T.DocumentSymbol:
        name, kind, span, sel, kids = sym
        return T.DocumentSymbol(
            name=name,
            kind=_KINDS[kind],
            range=span_range(ms.source, span.start, span.end),
            selection_range=span_range(ms.source, sel.start, sel.end),
            children=[convert(k) for k in kids],
        )

    return [convert(s) for s in nodes.symbols(tree)]


@server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["."]))
def completion(ls: MeshServer, params: T.CompletionParams) -> T.CompletionList:
    pa, ms, off = ls.at(params.text_document.uri, params.position)
    line_start = ms.text.rfind("\n", 0, off) + 1
    items = complete.complete(ms.text[line_start:off], ms.ast, off, ls.trees(pa))
    return T.CompletionList(is_incomplete=False, items=items)


@server.feature(
    T.TEXT_DOCUMENT_SIGNATURE_HELP, T.SignatureHelpOptions(trigger_characters=["(", ","])
)
def signature_help(ls: MeshServer, params: T.SignatureHelpParams) -> T.SignatureHelp | None:
    pa, ms, off = ls.at(params.text_document.uri, params.position)
    return complete.signature_help(ms.text[max(0, off - 2000) : off], ms.ast, ls.trees(pa))


@server.feature(T.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: MeshServer, params: T.DocumentFormattingParams) -> list[T.TextEdit] | None:
    """`mesh fmt` on the document; nothing when it is already formatted or unformattable."""
    from mesh.compiler.parse.lexer import LexError
    from mesh.tooling.fmt import DEFAULT_WIDTH, FmtError, format_source

    pa, ms, _ = ls.at(params.text_document.uri, T.Position(line=0, character=0))
    try:
        formatted = format_source(ms.text, DEFAULT_WIDTH, params.options.tab_size or 2)
    except (LexError, FmtError):
        return None
    if formatted == ms.text:
        return []
    return [T.TextEdit(range=full_range(ms.source), new_text=formatted)]
