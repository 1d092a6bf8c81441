"""Mesh `Changeset` module (spec 06 §3.11): validated changes to a row, before any SQL.

A changeset is an immutable value: every function returns a new one. Changes and errors are
`str → str` maps in insertion order; a field keeps only its first error, and the changeset is
valid exactly when there is no error. Validators other than `validate_required` only look at
fields present in the changes.
"""

from __future__ import annotations

from ..values import Atom, MeshMap

BOOL_TEXT = {
    "true": "true",
    "t": "true",
    "1": "true",
    "yes": "true",
    "false": "false",
    "f": "false",
    "0": "false",
    "no": "false",
}


class Changeset:
    __slots__ = ("data", "changes_", "errors_")

    def __init__(self, data: dict, changes: dict, errors: dict):
        self.data = data
        self.changes_ = changes
        self.errors_ = errors

    @property
    def valid(self) -> bool:
        return not self.errors_

    def with_errors(self, new: list[tuple[str, str]]) -> Changeset:
        if not new:
            return self
        errors = dict(self.errors_)
        for field, msg in new:
            errors.setdefault(field, msg)
        return Changeset(self.data, self.changes_, errors)

    def _mesh_display(self) -> str:
        from ..fmt import debug

        return (
            f"#Changeset<changes: {debug(MeshMap(self.changes_.items()))}, "
            f"errors: {debug(MeshMap(self.errors_.items()))}, "
            f"valid: {'true' if self.valid else 'false'}>"
        )

    _mesh_debug = _mesh_display

    def __eq__(self, other):
        return (
            type(other) is Changeset
            and self.data == other.data
            and self.changes_ == other.changes_
            and self.errors_ == other.errors_
        )

    def __hash__(self):
        return hash((tuple(self.changes_.items()), tuple(self.errors_.items())))


def _name(field) -> str:
    return field.name if type(field) is Atom else str(field)


def _plain(m) -> dict:
    return {str(k): str(v) for k, v in m.items()}


def cast(data, params, fields) -> Changeset:
    """Keeps the allowed keys of `params` (in the order of `fields`) as changes."""
    p = _plain(params)
    changes = {}
    for f in fields:
        n = _name(f)
        if n in p:
            changes[n] = p[n]
    return Changeset(_plain(data), changes, {})


def cast_with_types(data, params, fields, field_types) -> Changeset:
    """`cast`, then coerce by the `"<field>:<SQL type>"` list of `T.__field_types__()`:
    `BIGINT` and `DOUBLE PRECISION` must parse, `BOOLEAN` is normalised to `true`/`false`;
    a value that does not convert stays out of the changes and gets `is invalid`."""
    cs = cast(data, params, fields)
    types = {}
    for entry in field_types:
        name, _, sql = str(entry).partition(":")
        types[name] = sql.strip().upper()
    changes = {}
    errors = []
    for n, v in cs.changes_.items():
        kind = types.get(n)
        text = v.strip()
        if kind == "BIGINT":
            ok = _parse_int(text) is not None
            value = text
        elif kind == "DOUBLE PRECISION":
            ok = _parse_float(text)
            value = text
        elif kind == "BOOLEAN":
            value = BOOL_TEXT.get(text.lower())
            ok = value is not None
        else:
            ok, value = True, v
        if ok:
            changes[n] = value
        else:
            errors.append((n, "is invalid"))
    return Changeset(cs.data, changes, {}).with_errors(errors)


def _parse_int(text: str):
    body = text[1:] if text[:1] in "+-" else text
    if not body.isascii() or not body.isdigit():
        return None
    n = int(text)
    return n if -(1 << 63) <= n < (1 << 63) else None


def _parse_float(text: str) -> bool:
    if text in ("Infinity", "-Infinity"):
        return True
    try:
        float(text)
    except ValueError:
        return False
    return text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def validate_required(cs: Changeset, fields) -> Changeset:
    """`can't be blank` when the value (the change, else the data) is empty or absent."""
    errors = []
    for f in fields:
        n = _name(f)
        v = cs.changes_[n] if n in cs.changes_ else cs.data.get(n, "")
        if v == "":
            errors.append((n, "can't be blank"))
    return cs.with_errors(errors)


def validate_length(cs: Changeset, field, lo: int, hi: int) -> Changeset:
    """Length in code points (our choice; the reference counts bytes); `-1` = no bound."""
    n = _name(field)
    v = cs.changes_.get(n)
    if v is None:
        return cs
    k = len(v)
    if lo != -1 and k < lo:
        return cs.with_errors([(n, f"should be at least {lo} character(s)")])
    if hi != -1 and k > hi:
        return cs.with_errors([(n, f"should be at most {hi} character(s)")])
    return cs


def validate_format(cs: Changeset, field, needle: str) -> Changeset:
    """`needle` must be a substring of the value (not a regex)."""
    n = _name(field)
    v = cs.changes_.get(n)
    if v is None or needle in v:
        return cs
    return cs.with_errors([(n, "has invalid format")])


def validate_inclusion(cs: Changeset, field, allowed) -> Changeset:
    n = _name(field)
    v = cs.changes_.get(n)
    if v is None or v in allowed:
        return cs
    return cs.with_errors([(n, "is invalid")])


def validate_number(cs: Changeset, field, gt: int, lt: int, gte: int, lte: int) -> Changeset:
    """Integer value, then the first failing bound in the order gt, lt, gte, lte
    (`-1` = unset)."""
    n = _name(field)
    v = cs.changes_.get(n)
    if v is None:
        return cs
    x = _parse_int(v.strip())
    if x is None:
        return cs.with_errors([(n, "is not a number")])
    for bound, fails, text in (
        (gt, lambda b: x <= b, "must be greater than"),
        (lt, lambda b: x >= b, "must be less than"),
        (gte, lambda b: x < b, "must be greater than or equal to"),
        (lte, lambda b: x > b, "must be less than or equal to"),
    ):
        if bound != -1 and fails(bound):
            return cs.with_errors([(n, f"{text} {bound}")])
    return cs


def valid(cs: Changeset) -> bool:
    return cs.valid


def errors(cs: Changeset) -> MeshMap:
    return MeshMap(cs.errors_.items())


def changes(cs: Changeset) -> MeshMap:
    return MeshMap(cs.changes_.items())


def get_change(cs: Changeset, field) -> str:
    return cs.changes_.get(_name(field), "")


def get_error(cs: Changeset, field) -> str:
    return cs.errors_.get(_name(field), "")
