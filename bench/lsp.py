"""`mesh lsp` latency: time from an edit to its diagnostics in a 5,000-line project.

    .venv/bin/python bench/lsp.py [--lines 5000] [--edits 100] [--modules 10]

Generates a project like bench/compile_scale.py (4-line functions spread over modules,
`main.mpl` importing them all), starts `mesh lsp` with pygls's client over stdio, opens
`main.mpl` and one library module, then sends single-character edits (a digit of a
literal changes) and measures, per edit, the wall time until the server publishes the
diagnostics of the edited file. Two runs: edits in a library module (imported by main)
and edits in `main.mpl` (which imports every module, so the whole project is re-checked).
Goal (issue 16): p99 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as T
from pygls.lsp.client import BaseLanguageClient
from pygls.uris import from_fs_path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_scale import generate  # noqa: E402


class Client(BaseLanguageClient):
    def __init__(self) -> None:
        super().__init__("bench", "1")
        self.published: dict[str, asyncio.Event] = {}
        self.last: dict[str, list] = {}

        @self.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diags(params: T.PublishDiagnosticsParams) -> None:
            self.last[params.uri] = list(params.diagnostics)
            self.published.setdefault(params.uri, asyncio.Event()).set()

    async def until_published(self, uri: str) -> list:
        ev = self.published.setdefault(uri, asyncio.Event())
        await asyncio.wait_for(ev.wait(), 60)
        ev.clear()
        return self.last[uri]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


async def edit_run(client: Client, path: Path, text: str, edits: int, version: int) -> list[float]:
    uri = from_fs_path(str(path))
    marker = "x * 2 + "
    positions = [i + len(marker) for i in range(len(text)) if text.startswith(marker, i)]
    times = []
    for k in range(edits):
        at = positions[(k * 7) % len(positions)]
        digit = str((int(text[at]) + 1) % 10)
        text = text[:at] + digit + text[at + 1 :]
        version += 1
        start = time.perf_counter()
        client.text_document_did_change(
            T.DidChangeTextDocumentParams(
                text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[T.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        diags = await client.until_published(uri)
        times.append((time.perf_counter() - start) * 1000)
        assert diags == [], diags
        await asyncio.sleep(0.05)  # typing speed: the server refills its spares meanwhile
    return times


async def main_async(args) -> None:
    root = Path(tempfile.mkdtemp(prefix="mesh-lsp-bench-"))
    functions = args.lines // 4
    per_module = -(-functions // args.modules // 10) * 10  # a multiple of 10: see generate
    generate(root, functions, per_module, "modules")
    total = sum(len(p.read_text().splitlines()) for p in root.rglob("*.mpl"))
    client = Client()
    await client.start_io(sys.executable, "-m", "mesh.cli", "lsp")
    await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities()))
    client.initialized(T.InitializedParams())
    main_path, lib_path = root / "main.mpl", root / "gen" / "m1.mpl"
    start = time.perf_counter()
    for i, path in enumerate((main_path, lib_path)):
        client.text_document_did_open(
            T.DidOpenTextDocumentParams(
                text_document=T.TextDocumentItem(
                    uri=from_fs_path(str(path)),
                    language_id="mesh",
                    version=1,
                    text=path.read_text(),
                )
            )
        )
        await client.until_published(from_fs_path(str(path)))
        if i == 0:
            opened = (time.perf_counter() - start) * 1000
    lib = await edit_run(client, lib_path, lib_path.read_text(), args.edits, 1)
    # main.mpl has no `x * 2 + ` literals: append a function that has some
    main_text = main_path.read_text() + "".join(
        f"\nfn local{k}(x :: Int) -> Int do\n  x * 2 + {k % 10}\nend\n" for k in range(20)
    )
    await edit_run(client, main_path, main_text, 1, 1)
    main = await edit_run(client, main_path, main_text, args.edits, 2)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    modules = len(list(root.rglob("*.mpl")))
    print(f"project: {total} lines in {modules} modules; first open + full check {opened:.0f} ms")
    for label, xs in (("edit in a library module", lib), ("edit in main.mpl (imports all)", main)):
        print(
            f"{label:32} p50 {statistics.median(xs):6.1f} ms   p99 {percentile(xs, 99):6.1f} ms"
            f"   max {max(xs):6.1f} ms   ({len(xs)} edits)"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=100)
    ap.add_argument("--modules", type=int, default=10)
    asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    main()
