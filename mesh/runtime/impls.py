"""Impl registry: where `impl Trait for Type` methods are found at run time.

Codegen calls impl methods directly when the receiver type is known statically. This
registry serves the dynamic cases (receivers of generic type, `rt.call_method`) and wires
the built-in traits into the value protocol: a hand-written `impl Display` becomes the
class's `_mesh_display`, `impl Eq` its `__eq__`, `impl Add` its `__add__`, and so on.
"""

from __future__ import annotations

from mesh.runtime import values
from mesh.runtime.list_view import ListView

# Mesh built-in type names → the Python types that represent them.
_BUILTIN_TYPES: dict[str, tuple[type, ...]] = {
    "Int": (int,),
    "Float": (float,),
    "String": (str,),
    "Bool": (bool,),
    "List": (list, ListView),
    "Map": (values.MeshMap,),
    "Set": (values.MeshSet,),
    "Range": (values.MeshRange,),
    "Atom": (values.Atom,),
    "Tuple": (tuple,),
}

# (trait, method) → the class attribute that makes the value protocol use it.
_HOOKS = {
    ("Display", "to_string"): "_mesh_display",
    ("Debug", "inspect"): "_mesh_debug",
    ("Eq", "eq"): "__eq__",
    ("Ord", "lt"): "__lt__",
    ("Hash", "hash"): "__hash__",
    ("Add", "add"): "__add__",
    ("Sub", "sub"): "__sub__",
    ("Mul", "mul"): "__mul__",
    ("Div", "div"): "__truediv__",
    ("Mod", "mod"): "__mod__",
    ("Neg", "neg"): "__neg__",
}

IMPLS: dict[tuple[type, str], object] = {}


def register_impl(target, trait: str, method: str, fn) -> None:
    """Record `fn` as `trait.method` for `target` (a generated class or a built-in type name)."""
    types = _BUILTIN_TYPES.get(target, ()) if isinstance(target, str) else (target,)
    for t in types:
        IMPLS[(t, method)] = fn
        if isinstance(target, str):
            continue
        if (trait, method) in (("Iterable", "iter"), ("Iterator", "next")):
            t.__iter__ = _python_iteration(method, fn)  # `for`, collectors, Iter (spec 02 §11)
        hook = _HOOKS.get((trait, method))
        if hook is not None:
            setattr(t, hook, fn)
            if hook == "__eq__":
                t.__ne__ = lambda a, b, _eq=fn: not _eq(a, b)
                t.__hash__ = t.__hash__ if "__hash__" in t.__dict__ else values.Struct.__hash__
            elif hook == "__lt__":
                t.__gt__ = lambda a, b, _lt=fn: _lt(b, a)
                t.__le__ = lambda a, b, _lt=fn: not _lt(b, a)
                t.__ge__ = lambda a, b, _lt=fn: not _lt(a, b)
        fields = getattr(t, "_mesh_fields", ())
        if method not in fields and not hasattr(values.Struct, method):
            setattr(t, method, fn)


def _python_iteration(method: str, fn):
    """`__iter__` for a user `Iterable` (iterate what `iter(self)` returns: a list, an `Iter`
    or a user `Iterator`) or a user `Iterator` (call `next(self)` until `None`)."""
    if method == "iter":

        def iterate(self):
            return iter(fn(self))

        return iterate

    def pull(self):
        while True:
            item = fn(self)
            if item is values.NONE:
                return
            yield item._0

    return pull


def find_impl(recv, method: str):
    """The registered impl method for `recv`'s type (walking the class hierarchy), or None."""
    for t in type(recv).__mro__:
        fn = IMPLS.get((t, method))
        if fn is not None:
            return fn
    return None
