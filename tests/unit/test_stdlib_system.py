"""IO, Env and File (spec 05 §1–§3) and the stdlib signature tables."""

import io
import os
import sys

import pytest

from mesh.compiler import stdlib_types as T
from mesh.runtime.stdlib import env as E, file as F, io as IO
from mesh.runtime.values import Err, Ok


def test_env_get(monkeypatch):
    monkeypatch.setenv("MESH_UT_A", "x")
    monkeypatch.setenv("MESH_UT_EMPTY", "")
    monkeypatch.delenv("MESH_UT_MISSING", raising=False)
    assert E.get("MESH_UT_A", "d") == "x"
    assert E.get("MESH_UT_EMPTY", "d") == ""
    assert E.get("MESH_UT_MISSING", "d") == "d"
    assert E.get("MESH_UT_MISSING") == ""
    assert E.get("A\0B", "d") == "d" and E.get("", "d") == "d" and E.get("A=B", "d") == "d"
    monkeypatch.setitem(os.environ, "MESH_UT_BAD", "a\udcffb")
    assert E.get("MESH_UT_BAD", "d") == "d"


@pytest.mark.parametrize(
    "value,want",
    [
        ("+5", 5),
        ("007", 7),
        ("-42", -42),
        (" 5", -1),
        ("5 ", -1),
        ("1_000", -1),
        ("9223372036854775808", -1),
        ("-9223372036854775808", -(2**63)),
        ("9223372036854775807", 2**63 - 1),
        ("", -1),
        ("-", -1),
        ("+", -1),
        ("٣", -1),
        ("1.5", -1),
        ("0x10", -1),
        ("--1", -1),
    ],
)
def test_env_get_int(monkeypatch, value, want):
    monkeypatch.setenv("MESH_UT_I", value)
    assert E.get_int("MESH_UT_I", -1) == want


def test_env_args(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["prog", "a", "b"])
    assert E.args() == ["prog", "a", "b"]


def test_file_round_trip(tmp_path):
    p = str(tmp_path / "f.txt")
    assert F.write(p, "héllo\r\n") == Ok(None)
    assert F.read(p) == Ok("héllo\r\n")
    assert F.append(p, "x") == Ok(None)
    assert F.read(p) == Ok("héllo\r\nx")
    assert F.append(str(tmp_path / "new.txt"), "n") == Ok(None)
    assert F.exists(p) and F.exists(str(tmp_path))
    assert F.delete(p) == Ok(None)
    assert not F.exists(p)


def test_file_errors(tmp_path):
    missing = str(tmp_path / "nope")
    assert F.read(missing) == Err("No such file or directory (os error 2)")
    assert F.delete(missing) == Err("No such file or directory (os error 2)")
    assert F.read(str(tmp_path)) == Err("Is a directory (os error 21)")
    assert F.delete(str(tmp_path)) == Err("Is a directory (os error 21)")
    assert F.write(str(tmp_path / "d" / "x"), "") == Err("No such file or directory (os error 2)")
    nul = "file name contained an unexpected NUL byte"
    assert F.read("a\0b") == Err(nul) and F.write("a\0b", "") == Err(nul)
    assert F.append("a\0b", "") == Err(nul) and F.delete("a\0b") == Err(nul)
    assert F.exists("a\0b") is False and F.exists("") is False
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"ok\xff")
    assert F.read(str(bad)) == Err("stream did not contain valid UTF-8")


def test_file_dangling_symlink(tmp_path):
    link = tmp_path / "link"
    os.symlink(tmp_path / "target", link)
    assert F.exists(str(link)) is False


def test_file_permission_denied(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions")
    p = tmp_path / "locked"
    p.write_text("x")
    p.chmod(0)
    assert F.read(str(p)) == Err("Permission denied (os error 13)")


class _Stdin:
    def __init__(self, data):
        self.buffer = io.BytesIO(data)


def test_read_line(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a\nb\r\nc\r\r\n\nlast"))
    got = [IO.read_line() for _ in range(7)]
    assert got == [Ok("a"), Ok("b"), Ok("c\r"), Ok(""), Ok("last"), Ok(""), Ok("")]
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xff\n"))
    assert IO.read_line() == Err("stream did not contain valid UTF-8")


def test_eprintln(capsys):
    IO.eprintln("to stderr ✓")
    assert capsys.readouterr().err == "to stderr ✓\n"


def test_signatures_cover_runtime_functions():
    import importlib

    for qual in T.SIGNATURES:
        if "." not in qual or qual in T.VALUES:
            continue
        mod, fn = T.python_target(qual)
        m = importlib.import_module(mod)
        assert callable(getattr(m, fn, None)), qual


def test_flat_aliases():
    A = T.SNAKE_ALIASES
    assert A["io_eprintln"] == "IO.eprintln" and A["io_read_line"] == "IO.read_line"
    assert A["env_get_with_default"] == "Env.get" and "env_get" not in A
    for alias, qual in [
        ("file_read", "File.read"),
        ("env_args", "Env.args"),
        ("env_get_int", "Env.get_int"),
        ("crypto_sha256", "Crypto.sha256"),
        ("base64_decode", "Base64.decode"),
        ("hex_encode", "Hex.encode"),
        ("datetime_add", "DateTime.add"),
        ("regex_split", "Regex.split"),
        ("json_parse", "Json.parse"),
    ]:
        assert A[alias] == qual
    assert T.SIGNATURES["JSON.parse"] == T.SIGNATURES["Json.parse"]
    assert T.MODULES["JSON"] == T.MODULES["Json"] == "json"


def test_runtime_does_not_import_compiler():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "mesh" / "runtime"
    for name in [
        "json_codec.py",
        "stdlib/json.py",
        "stdlib/regex.py",
        "stdlib/file.py",
        "stdlib/datetime.py",
        "stdlib/crypto.py",
        "stdlib/base64.py",
        "stdlib/hex.py",
    ]:
        assert "mesh.compiler" not in (root / name).read_text()
