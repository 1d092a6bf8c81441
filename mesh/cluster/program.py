"""The program's own tables, found at run time (spec 07 §7.2, §8; the same binary runs on
every node).

* Function registry: every generated module defines
  `MESH_FUNCTIONS = {"Mod.fn": fn, "Mod.fn/2": fn}`. We collect these dicts from every
  loaded module named `mesh_app` / `mesh_app.*` (and `__main__`), plus anything passed to
  `register_functions`. Remote spawn looks names up here only: a peer can start a function
  the program defines, never import a module or evaluate a name.
* Type table: struct and sum-type classes, keyed by their qualified name. A class may set
  `_mesh_qualname = "Module.Type"` (codegen should) and a module may define
  `MESH_TYPES = {"Module.Type": cls}`; otherwise the key is `<python module>.<_mesh_name>`,
  which is identical on every node running the same binary.
"""

from __future__ import annotations

import sys

from ..runtime.values import Struct, Variant, _BuiltinVariant

_explicit_fns: dict = {}
_fns: dict = {}
_explicit_types: dict = {}
_types: dict = {}
_seen = [-1, -1]  # len(sys.modules) at the last scan (functions, types)


def _app_modules():
    for name, mod in list(sys.modules.items()):
        if mod is None:
            continue
        if name == "mesh_app" or name.startswith("mesh_app.") or name == "__main__":
            yield name, mod


def register_functions(table: dict) -> None:
    """Add `{"Mod.fn": callable}` entries (tests and embedders; generated code does not need
    this)."""
    _explicit_fns.update(table)


def lookup_function(name: str, arity: int | None = None):
    """The callable registered as `name` (`"Mod.fn"`; `"Mod.fn/<arity>"` is preferred when
    `arity` is given), or None."""
    keys = (f"{name}/{arity}", name) if arity is not None else (name,)
    for attempt in range(2):
        for k in keys:
            f = _explicit_fns.get(k)
            if f is None:
                f = _fns.get(k)
            if f is not None:
                return f
        if attempt == 0 and len(sys.modules) != _seen[0]:
            _fns.clear()
            for _n, mod in _app_modules():
                d = getattr(mod, "MESH_FUNCTIONS", None)
                if isinstance(d, dict):
                    _fns.update(d)
            _seen[0] = len(sys.modules)
        else:
            break
    return None


def qualname(cls) -> str:
    """Wire name of a struct class or of a sum type (given any of its classes)."""
    q = cls.__dict__.get("_mesh_qualname")
    if q is not None:
        return q
    return f"{cls.__module__}.{cls._mesh_name}"


def sum_base(cls):
    """The class that defines the sum type a variant class belongs to."""
    base = cls
    for k in cls.__mro__:
        if k is Variant or k is _BuiltinVariant:
            break
        if "_mesh_name" in k.__dict__ or "_mesh_qualname" in k.__dict__:
            base = k
    return base


class SumInfo:
    __slots__ = ("base", "by_index")

    def __init__(self, base):
        self.base = base
        self.by_index = {}


def _add_type(table: dict, cls) -> None:
    if isinstance(cls, type) and issubclass(cls, Struct) and cls is not Struct:
        table[qualname(cls)] = cls
    elif isinstance(cls, type) and issubclass(cls, Variant) and "_mesh_tag" in cls.__dict__:
        base = sum_base(cls)
        q = qualname(base)
        info = table.get(q)
        if not isinstance(info, SumInfo):
            info = table[q] = SumInfo(base)
        info.by_index.setdefault(cls._mesh_index, cls)
    elif (
        isinstance(cls, Variant)
        and not isinstance(cls, _BuiltinVariant)
        and not type(cls)._mesh_arity
    ):
        # the singleton of a nullary variant: decode to it, not to a fresh instance
        base = sum_base(type(cls))
        q = qualname(base)
        info = table.get(q)
        if not isinstance(info, SumInfo):
            info = table[q] = SumInfo(base)
        info.by_index[type(cls)._mesh_index] = cls


def register_types(*classes) -> None:
    """Make struct/variant classes (and nullary-variant singletons) known to the decoder
    (tests and embedders)."""
    for c in classes:
        _add_type(_explicit_types, c)


def lookup_type(name: str):
    """A struct class or a `SumInfo` for the qualified type `name`, or None."""
    t = _explicit_types.get(name)
    if t is None:
        t = _types.get(name)
        if t is None and len(sys.modules) != _seen[1]:
            _types.clear()
            for _n, mod in _app_modules():
                d = getattr(mod, "MESH_TYPES", None)
                vals = d.values() if isinstance(d, dict) else ()
                for c in list(vals) + list(vars(mod).values()):
                    if isinstance(c, type):
                        if c.__module__ == mod.__name__:
                            _add_type(_types, c)
                    elif isinstance(c, Variant) and type(c).__module__ == mod.__name__:
                        _add_type(_types, c)
            _seen[1] = len(sys.modules)
            t = _types.get(name)
    return t
