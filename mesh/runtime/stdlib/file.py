"""Mesh `File` module (spec 05 §3): synchronous whole-file operations with Rust-style
OS error texts (`"No such file or directory (os error 2)"`)."""

from __future__ import annotations

import os as _os

from ..values import Err as _Err, Ok as _Ok

_NUL = "file name contained an unexpected NUL byte"


def _os_error(e: OSError) -> str:
    if e.errno is None:
        return str(e)
    return f"{_os.strerror(e.errno)} (os error {e.errno})"


def _bad_path(path):
    if "\0" in path:
        return _Err(_NUL)
    return None


def read(path):
    bad = _bad_path(path)
    if bad is not None:
        return bad
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return _Err(_os_error(e))
    except (ValueError, UnicodeError) as e:
        return _Err(str(e))
    try:
        return _Ok(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _Err("stream did not contain valid UTF-8")


def _write(path, content, mode):
    bad = _bad_path(path)
    if bad is not None:
        return bad
    try:
        with open(path, mode) as f:
            f.write(content.encode("utf-8"))
    except OSError as e:
        return _Err(_os_error(e))
    except (ValueError, UnicodeError) as e:
        return _Err(str(e))
    return _Ok(None)


def write(path, content):
    return _write(path, content, "wb")


def append(path, content):
    return _write(path, content, "ab")


def exists(path):
    """True for an existing file or directory (symlinks followed)."""
    if "\0" in path:
        return False
    try:
        return _os.path.exists(path)
    except (ValueError, UnicodeError):
        return False


def delete(path):
    bad = _bad_path(path)
    if bad is not None:
        return bad
    try:
        _os.remove(path)
    except OSError as e:
        return _Err(_os_error(e))
    except (ValueError, UnicodeError) as e:
        return _Err(str(e))
    return _Ok(None)
