"""`mesh lsp` end to end: a real LSP client (pytest-lsp's, on pygls) drives the server
process over stdio — open, edit, hover, definition, symbols, completion, signature help
and formatting, with positions in UTF-16 code units (spec 08 §10)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from lsprotocol import types as T
from pygls.uris import from_fs_path
from pytest_lsp import make_test_lsp_client

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 120.0  # an upper bound for a loaded CI machine, not a wait

UTIL = """\
pub fn double(n :: Int) -> Int do
  n * 2
end

pub fn greet(name :: String, times :: Int) -> String do
  "hi #{name} #{times}"
end
"""

MAIN = """\
import Lib.Util

struct Point do
  x :: Int
  y :: Int
end

fn add(a, b) do
  let sum = a + b
  sum
end

fn main() do
  let p = Point { x: 1, y: 2 }
  let total = add(p.x, Util.double(p.y))
  println("#{total}")
end
"""


def run(scenario) -> None:
    """Start `mesh lsp`, initialise, run `scenario(client)`, shut down."""

    async def go() -> None:
        client = make_test_lsp_client()
        await client.start_io(sys.executable, "-m", "mesh.cli", "lsp", cwd=str(ROOT))
        try:
            await asyncio.wait_for(
                client.initialize_session(
                    T.InitializeParams(capabilities=T.ClientCapabilities(), process_id=None)
                ),
                DEADLINE,
            )
            await asyncio.wait_for(scenario(client), DEADLINE)
            await asyncio.wait_for(client.shutdown_session(), DEADLINE)
        finally:
            if client._server is not None and client._server.returncode is None:
                client._server.kill()  # a failed scenario: do not wait for a clean exit
            await client.stop()

    asyncio.run(go())


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    (root / "lib").mkdir(parents=True)
    (root / "mesh.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\n')
    (root / "main.mpl").write_text(MAIN)
    (root / "lib" / "util.mpl").write_text(UTIL)
    return root


def open_doc(client, path: Path, text: str, version: int = 1) -> str:
    uri = from_fs_path(str(path))
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(
                uri=uri, language_id="mesh", version=version, text=text
            )
        )
    )
    return uri


def change_doc(client, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[T.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_for(client, uri: str, predicate) -> list[T.Diagnostic]:
    """Wait until the diagnostics published for `uri` satisfy `predicate`."""
    while True:
        got = client.diagnostics.get(uri)
        if got is not None and predicate(list(got)):
            return list(got)
        await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def pos(text: str, needle: str, delta: int = 0) -> T.Position:
    """Position of `needle` (+delta characters) in `text`, in UTF-16 units."""
    off = text.index(needle) + delta
    line = text.count("\n", 0, off)
    col = off - (text.rfind("\n", 0, off) + 1)
    prefix = text[text.rfind("\n", 0, off) + 1 : off]
    return T.Position(line=line, character=col + sum(ord(c) > 0xFFFF for c in prefix))


def test_diagnostics_on_open_and_change(tmp_path: Path) -> None:
    root = make_project(tmp_path)

    async def scenario(client) -> None:
        uri = open_doc(client, root / "main.mpl", MAIN)
        assert await diagnostics_for(client, uri, lambda d: True) == []
        broken = MAIN.replace('println("#{total}")', 'println("#{totl}")')
        change_doc(client, uri, broken, 2)
        diags = await diagnostics_for(client, uri, lambda d: len(d) > 0)
        assert [(d.code, d.source, d.severity) for d in diags] == [
            ("E0004", "mesh", T.DiagnosticSeverity.Error)
        ]
        assert "totl" in diags[0].message
        assert diags[0].range.start == pos(broken, "totl")
        assert diags[0].range.end == pos(broken, "totl", 4)
        change_doc(client, uri, broken.replace("fn main() do", "fn main() do\n  let x = ("), 3)
        diags = await diagnostics_for(client, uri, lambda d: d and d[0].code == "P0001")
        assert diags[0].message.startswith("Parse error")
        change_doc(client, uri, MAIN, 4)
        assert await diagnostics_for(client, uri, lambda d: d == []) == []

    run(scenario)


@pytest.mark.slow
def test_utf16_positions_after_astral_characters(tmp_path: Path) -> None:
    text = 'fn main() do\n  let s = "😀😀"; println(nope)\nend\n'
    path = tmp_path / "solo.mpl"
    path.write_text(text)

    async def scenario(client) -> None:
        uri = open_doc(client, path, text)
        diags = await diagnostics_for(client, uri, lambda d: len(d) > 0)
        # `nope` starts at character 24 but UTF-16 column 26 (two surrogate pairs before)
        assert text.splitlines()[1].index("nope") == 24
        assert diags[0].range.start == T.Position(line=1, character=26)
        assert diags[0].range.end == T.Position(line=1, character=30)
        hover = await client.text_document_hover_async(
            T.HoverParams(
                text_document=T.TextDocumentIdentifier(uri=uri),
                position=T.Position(line=1, character=7),
            )
        )
        assert "s :: String" in hover.contents.value

    run(scenario)


@pytest.mark.slow
def test_edit_in_imported_module_reaches_importer(tmp_path: Path) -> None:
    root = make_project(tmp_path)

    async def scenario(client) -> None:
        main_uri = open_doc(client, root / "main.mpl", MAIN)
        util_uri = open_doc(client, root / "lib" / "util.mpl", UTIL)
        await diagnostics_for(client, main_uri, lambda d: d == [])
        # unsaved: `double` now takes a String; main's call must turn red
        change_doc(
            client,
            util_uri,
            UTIL.replace(
                "double(n :: Int) -> Int do\n  n * 2", "double(n :: String) -> Int do\n  1"
            ),
            2,
        )
        diags = await diagnostics_for(client, main_uri, lambda d: len(d) > 0)
        assert diags[0].code.startswith("E")
        # closing without saving: util.mpl is the file on disk again, main is fine again
        client.text_document_did_close(
            T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=util_uri))
        )
        assert await diagnostics_for(client, main_uri, lambda d: d == []) == []

    run(scenario)


def test_hover_definition_symbols(tmp_path: Path) -> None:
    root = make_project(tmp_path)

    async def scenario(client) -> None:
        uri = open_doc(client, root / "main.mpl", MAIN)
        await diagnostics_for(client, uri, lambda d: True)
        doc = T.TextDocumentIdentifier(uri=uri)

        async def hover(needle: str, delta: int = 0) -> str:
            h = await client.text_document_hover_async(
                T.HoverParams(text_document=doc, position=pos(MAIN, needle, delta))
            )
            assert h.contents.kind == T.MarkupKind.Markdown
            assert h.contents.value.startswith("```mesh\n")
            return h.contents.value

        assert "total :: Int" in await hover("let total", 4)
        assert "p :: Point" in await hover("p.x")
        assert "add :: (Int, Int) -> Int" in await hover("add(p.x")
        assert "fn add(a :: a, b :: a) -> a" in await hover("add(a, b)")

        async def define(needle: str, delta: int = 0):
            return await client.text_document_definition_async(
                T.DefinitionParams(text_document=doc, position=pos(MAIN, needle, delta))
            )

        loc = await define("total}")  # a local: its `let`
        assert (loc.uri, loc.range.start) == (uri, pos(MAIN, "total =", 0))
        loc = await define("add(p.x")  # same file
        assert loc.range.start == pos(MAIN, "add(a, b)")
        loc = await define("double(p.y")  # another module of the project
        assert loc.uri == from_fs_path(str(root / "lib" / "util.mpl"))
        assert loc.range.start == T.Position(line=0, character=7)
        loc = await define("Point {")
        assert loc.range.start == pos(MAIN, "struct Point")

        symbols = await client.text_document_document_symbol_async(
            T.DocumentSymbolParams(text_document=doc)
        )
        outline = {s.name: (s.kind, [c.name for c in s.children or []]) for s in symbols}
        assert outline == {
            "Point": (T.SymbolKind.Struct, ["x", "y"]),
            "add": (T.SymbolKind.Function, []),
            "main": (T.SymbolKind.Function, []),
        }

    run(scenario)


def test_completion_signature_help_formatting(tmp_path: Path) -> None:
    root = make_project(tmp_path)

    async def scenario(client) -> None:
        uri = open_doc(client, root / "main.mpl", MAIN)
        await diagnostics_for(client, uri, lambda d: d == [])
        # half-typed: does not parse, so names come from the last checked version
        text = MAIN.replace('println("#{total}")', 'println("#{total}")\n  String.\n  ')
        change_doc(client, uri, text, 2)
        await diagnostics_for(client, uri, lambda d: d != [])
        doc = T.TextDocumentIdentifier(uri=uri)

        async def labels(position: T.Position) -> set[str]:
            got = await client.text_document_completion_async(
                T.CompletionParams(text_document=doc, position=position)
            )
            return {i.label for i in got.items}

        members = await labels(pos(text, "String.", 7))
        assert {"length", "split", "contains"} <= members and "case" not in members
        util_members = await labels(pos(text, "Util.", 5))
        assert util_members >= {"double", "greet"}
        everywhere = await labels(pos(text, "String.", 9))  # the empty line after
        assert {"case", "receive", "Int", "println", "add", "main", "total", "p"} <= everywhere

        sig_text = MAIN.replace("Util.double(p.y)", 'Util.double(p.y)) + String.slice("a", 1')
        change_doc(client, uri, sig_text, 3)
        help_ = await client.text_document_signature_help_async(
            T.SignatureHelpParams(text_document=doc, position=pos(sig_text, '"a", 1', 6))
        )
        assert help_.signatures[0].label == "String.slice(String, Int, Int) -> String"
        assert help_.active_parameter == 1
        help_ = await client.text_document_signature_help_async(
            T.SignatureHelpParams(text_document=doc, position=pos(sig_text, "double(p.y)", 7))
        )
        assert help_.signatures[0].label == "Util.double(n :: Int) -> Int"
        assert help_.active_parameter == 0

        ugly = "fn area(w,h) do\nlet a=w*h\na\nend\n"
        change_doc(client, uri, ugly, 4)
        edits = await client.text_document_formatting_async(
            T.DocumentFormattingParams(
                text_document=doc, options=T.FormattingOptions(tab_size=4, insert_spaces=True)
            )
        )
        assert edits[0].new_text == "fn area(w, h) do\n    let a = w * h\n    a\nend\n"
        change_doc(client, uri, "fn area(w, h) do\n  w * h\nend\n", 5)
        edits = await client.text_document_formatting_async(
            T.DocumentFormattingParams(
                text_document=doc, options=T.FormattingOptions(tab_size=2, insert_spaces=True)
            )
        )
        assert not edits

    run(scenario)


@pytest.mark.slow
def test_every_example_answers_without_errors() -> None:
    """Robustness over real programs (actors, services, HTTP, clusters …): symbols, and
    hover, definition and completion at every identifier, without an error response."""
    import re

    examples = sorted(p for p in (ROOT / "examples").rglob("*.mpl") if ".mesh" not in p.parts)
    assert len(examples) > 10

    async def scenario(client) -> None:
        hovered = 0
        for path in examples:
            text = path.read_text()
            uri = open_doc(client, path, text)
            await diagnostics_for(client, uri, lambda d: True)
            doc = T.TextDocumentIdentifier(uri=uri)
            symbols = await client.text_document_document_symbol_async(
                T.DocumentSymbolParams(text_document=doc)
            )
            assert symbols, path
            for m in list(re.finditer(r"[a-z_]\w*", text))[::7]:
                at = _position(text, m.start())
                h = await client.text_document_hover_async(
                    T.HoverParams(text_document=doc, position=at)
                )
                hovered += h is not None
                await client.text_document_definition_async(
                    T.DefinitionParams(text_document=doc, position=at)
                )
                await client.text_document_signature_help_async(
                    T.SignatureHelpParams(text_document=doc, position=at)
                )
            await client.text_document_completion_async(
                T.CompletionParams(text_document=doc, position=_position(text, len(text)))
            )
        assert hovered > 100

    run(scenario)


def _position(text: str, off: int) -> T.Position:
    line = text.count("\n", 0, off)
    prefix = text[text.rfind("\n", 0, off) + 1 : off]
    return T.Position(line=line, character=len(prefix.encode("utf-16-le")) // 2)
