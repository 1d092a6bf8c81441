"""Project discovery, module names, mesh.toml and the module graph (spec 01 §9, 08 §2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mesh.compiler import ast as A
from mesh.compiler.driver import dependency_order
from mesh.compiler.project import (
    ProjectError,
    discover_files,
    load_dir_project,
    load_file_project,
    load_manifest,
    load_project,
    module_name_for,
    pascal_case,
)
from mesh.compiler.source import SourceFile, Span


@pytest.mark.parametrize(
    "rel, name",
    [
        ("main.mpl", "Main"),
        ("api/router.mpl", "Api.Router"),
        ("storage/todo_items.mpl", "Storage.TodoItems"),
        ("services/rate_limiter.mpl", "Services.RateLimiter"),
        ("math/linear_algebra.mpl", "Math.LinearAlgebra"),
        ("lib/HTTPUtil.mpl", "Lib.HTTPUtil"),
        ("v2_api/_helpers.mpl", "V2Api.Helpers"),
        ("lib/start.mpl", "Lib.Start"),
        ("api/main.mpl", "Api.Main"),
        ("my-lib.mpl", "My-lib"),
    ],
)
def test_module_names(rel: str, name: str) -> None:
    assert module_name_for(rel) == name


def test_pascal_case_drops_empty_parts() -> None:
    assert pascal_case("__a__b_") == "AB"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def test_discovery_skips_hidden_and_test_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.mpl": "",
            "api/router.mpl": "",
            ".mesh/build/x.mpl": "",
            ".hidden.mpl": "",
            "tests/config.test.mpl": "",
            "notes.txt": "",
            "a/.b/c.mpl": "",
        },
    )
    assert discover_files(str(tmp_path)) == ["api/router.mpl", "main.mpl"]


def test_dir_project_defaults(tmp_path: Path) -> None:
    write(tmp_path / "hello", {"main.mpl": "", "util/text.mpl": ""})
    p = load_dir_project(str(tmp_path / "hello"))
    assert p.entry == "Main"
    assert p.name == "hello"
    assert list(p.modules) == ["Main", "Util.Text"]
    assert p.modules["Util.Text"].display_path == os.path.join(
        str(tmp_path / "hello"), "util/text.mpl"
    )


def test_display_path_of_dot(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"main.mpl": ""})
    monkeypatch.chdir(tmp_path)
    p = load_project(".")
    assert p.modules["Main"].display_path == "./main.mpl"
    assert p.name == tmp_path.name


def test_missing_and_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="Project directory '.*nope' does not exist"):
        load_dir_project(str(tmp_path / "nope"))
    (tmp_path / "f").write_text("")
    with pytest.raises(ProjectError, match="' is not a directory"):
        load_dir_project(str(tmp_path / "f"))


def test_missing_entrypoint(tmp_path: Path) -> None:
    write(tmp_path, {"lib.mpl": ""})
    with pytest.raises(ProjectError, match="Entrypoint 'main.mpl' was not found in project"):
        load_dir_project(str(tmp_path))
    (tmp_path / "main.mpl").mkdir()
    with pytest.raises(ProjectError, match="Entrypoint 'main.mpl' in project '.*' is not a file"):
        load_dir_project(str(tmp_path))


def test_duplicate_module_names_name_both_files(tmp_path: Path) -> None:
    write(tmp_path, {"main.mpl": "", "api/http_util.mpl": "", "api/HttpUtil.mpl": ""})
    with pytest.raises(ProjectError) as e:
        load_dir_project(str(tmp_path))
    msg = str(e.value)
    assert "Duplicate module 'Api.HttpUtil'" in msg
    assert "api/http_util.mpl" in msg and "api/HttpUtil.mpl" in msg


def test_hyphenated_file_warns(tmp_path: Path) -> None:
    write(tmp_path, {"main.mpl": "", "my-lib.mpl": ""})
    p = load_dir_project(str(tmp_path))
    assert any("My-lib" in w for w in p.warnings)


MANIFEST = '[package]\nname = "ledger"\nversion = "0.3.0"\n'


def test_manifest_entrypoint_keeps_its_module_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "mesh.toml": MANIFEST + 'entrypoint = " ./lib/start.mpl "\n',
            "lib/start.mpl": "",
            "main.mpl": "",
        },
    )
    p = load_dir_project(str(tmp_path))
    assert p.entry == "Lib.Start"
    assert p.manifest is not None and p.manifest.entrypoint == "lib/start.mpl"
    assert "Main" in p.modules  # still compiled


@pytest.mark.parametrize(
    "extra, reason",
    [
        ('entrypoint = "  "\n', "`[package].entrypoint` must not be blank"),
        (
            'entrypoint = "/abs/main.mpl"\n',
            "`[package].entrypoint` must be project-root-relative, got absolute path `/abs/main.mpl`",
        ),
        (
            'entrypoint = "../x/main.mpl"\n',
            "`[package].entrypoint` must stay within the project root, got `../x/main.mpl`",
        ),
        ('entrypoint = "main.py"\n', "`[package].entrypoint` must end with `.mpl`, got `main.py`"),
        (
            "[cluster]\nenabled = true\n",
            (
                "`[cluster]` manifest sections are no longer supported; move clustered declarations "
                "into source with `@cluster` or `@cluster(N)`"
            ),
        ),
    ],
)
def test_manifest_errors(tmp_path: Path, extra: str, reason: str) -> None:
    path = tmp_path / "mesh.toml"
    path.write_text(MANIFEST + extra)
    with pytest.raises(ProjectError) as e:
        load_manifest(str(path))
    assert str(e.value) == f"Failed to parse {path}: {reason}"


def test_manifest_missing_fields_and_bad_toml(tmp_path: Path) -> None:
    path = tmp_path / "mesh.toml"
    path.write_text('[package]\nname = "x"\n')
    with pytest.raises(ProjectError, match="Failed to parse .*: missing field `version`"):
        load_manifest(str(path))
    path.write_text("[dependencies]\n")
    with pytest.raises(ProjectError, match="missing field `package`"):
        load_manifest(str(path))
    path.write_text("[package\n")
    with pytest.raises(ProjectError, match=r"Failed to parse .*mesh.toml: "):
        load_manifest(str(path))


@pytest.mark.parametrize(
    "deps, line, name, kind",
    [
        ('[dependencies]\nmoney = { path = "../money" }\n', 5, "money", "path dependencies"),
        (
            '[dependencies]\n\n# c\ncsv = { git = "https://x/c.git", tag = "v2" }\n',
            7,
            "csv",
            "git dependencies",
        ),
        ('[dependencies]\n"acme/retry" = "1.4.0"\n', 5, "acme/retry", "registry dependencies"),
        ('[dependencies.money]\npath = "../money"\n', 4, "money", "path dependencies"),
    ],
)
def test_manifest_refuses_dependencies(tmp_path: Path, deps, line, name, kind) -> None:
    path = tmp_path / "mesh.toml"
    path.write_text(MANIFEST + deps)
    with pytest.raises(ProjectError) as e:
        load_manifest(str(path))
    assert str(e.value).startswith(f"{path}:{line}: dependency `{name}` is not supported: {kind}")


def test_manifest_empty_dependencies_table_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "mesh.toml"
    path.write_text(MANIFEST + "[dependencies]\n")
    assert load_manifest(str(path)).dependencies == {}


def test_manifest_unknown_keys_ignored(tmp_path: Path) -> None:
    path = tmp_path / "mesh.toml"
    path.write_text(MANIFEST + 'authors = ["a"]\nweird = 1\n[other]\nx = 2\n')
    m = load_manifest(str(path))
    assert (m.name, m.version, m.authors, m.entrypoint) == ("ledger", "0.3.0", ["a"], "main.mpl")


def test_file_project_lazy_resolution(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app.mpl": "",
            "billing/tax_rules.mpl": "",
            "main.mpl": "",
            "other.mpl": "",
        },
    )
    p = load_file_project(str(tmp_path / "app.mpl"))
    assert p.entry == "Main" and p.name == "app" and p.file_mode
    assert p.modules["Main"].rel_path == "app.mpl"
    m = p.resolve("Billing.TaxRules")
    assert m is not None and m.rel_path == "billing/tax_rules.mpl"
    assert p.resolve("Billing.Nope") is None
    assert p.resolve("String") is None
    assert p.resolve("App") is None  # the entry file is Main, not App
    assert p.resolve("Main") is p.modules["Main"]


def test_file_project_display_paths(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"examples/hello.mpl": "", "examples/util.mpl": ""})
    monkeypatch.chdir(tmp_path)
    p = load_project("examples/hello.mpl")
    assert p.modules["Main"].display_path == "examples/hello.mpl"
    assert p.resolve("Util").display_path == "examples/util.mpl"
    with pytest.raises(ProjectError, match="does not exist"):
        load_project("examples/nope.mpl")


# ---------------------------------------------------------------------------
# Module graph


def _module(name: str, imports: list[str]):
    f = SourceFile(name, "x")
    sp = Span(f, 0, 1)
    return A.Module(name, f, [A.Import(i.split("."), sp) for i in imports])


def _order(graph: dict[str, list[str]], entry: str = "Main") -> list[str]:
    class P:
        pass

    p = P()
    p.entry = entry
    mods = {n: _module(n, deps) for n, deps in graph.items()}
    return dependency_order(mods, p)  # type: ignore[arg-type]


def test_dependency_order_puts_imports_first() -> None:
    order = _order({"Main": ["B", "String"], "A": [], "B": ["A"], "C": []})
    assert order.index("A") < order.index("B") < order.index("Main")
    assert sorted(order) == ["A", "B", "C", "Main"]


def test_cycle_and_self_import() -> None:
    with pytest.raises(ProjectError, match="^Circular dependency: Main -> A -> B -> Main$"):
        _order({"Main": ["A"], "A": ["B"], "B": ["Main"]})
    with pytest.raises(ProjectError, match="^Module 'A' cannot import itself$"):
        _order({"Main": [], "A": ["A"]})


def test_deep_chain_does_not_recurse() -> None:
    n = 3000
    graph = {f"M{i}": [f"M{i + 1}"] for i in range(n)}
    graph[f"M{n}"] = []
    graph["Main"] = ["M0"]
    order = _order(graph)
    assert order[0] == f"M{n}" and order[-1] == "Main"
