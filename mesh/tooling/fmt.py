"""`mesh fmt` (spec 08 §8): format `.mpl` files.

Design: the formatter works on the token stream, not on the AST. The lexer (in its
default-off trivia mode, `tokenize_trivia`) yields every token plus NEWLINE and COMMENT
tokens. The printer keeps the tokens and their order exactly; it only decides

* where lines break (the original line structure is kept, except: blank lines follow the
  rules below, each `|>` of a pipe chain moves to its own line, struct literals with two or
  more fields and parenthesised import lists get one entry per line, and long lines with a
  bracketed list are split one element per line);
* how deep each line is indented (from the block structure: `do`…`end`, closures, brackets);
* how many spaces separate two tokens on a line.

Safety net (`fmt_safety`): every result must have the original's significant token
sequence (what the parser sees after the layout rules of spec 01 §3, plus the comments)
and, when the original parses, the same syntax tree; the result is also formatted again to
check idempotence. If a check fails the file is left alone and reported (`error: could
not format <path> safely`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mesh.compiler.parse.lexer import (
    CONTINUE_AFTER,
    LexError,
    Token,
    _Lexer,
    layout,
    tokenize_trivia,
)
from mesh.tooling.fmt_safety import normalise_text, same_program

DEFAULT_WIDTH = 100
DEFAULT_INDENT = 2

USAGE = """\
Usage: {prog} fmt [<path>] [--check] [--line-width N] [--indent-size N]

Formats a .mpl file, or every .mpl file below a directory (test files included);
without <path>, the project in the current directory.
  --check            write nothing; list the files that would change (exit 1 if any)
  --line-width N     preferred maximum line width (default 100)
  --indent-size N    spaces per indentation level (default 2)
"""

_PIPES = ("|>", "SLOT_PIPE")
_OPEN = ("(", "[", "{")
_CLOSE = (")", "]", "}")
_OPERAND_END = {
    "IDENT",
    "INT",
    "FLOAT",
    "STRING",
    "ATOM",
    "REGEX",
    ")",
    "]",
    "}",
    "end",
    "true",
    "false",
    "nil",
    "self",
    "?",
    "break",
    "continue",
}
_CALL_HEADS = {"IDENT", ")", "]", "self", "fn", "spawn", "send", "link", "monitor"}
_GENERIC_INNER = {"IDENT", ",", ".", "<", ">", "(", ")", "->", "?", "!", "::"}
_TIGHT_BEFORE = {")", "]", ",", ";", ".", "..", ":", "?"}
_TIGHT_AFTER = {"(", "[", "@", ".", ".."}


class FmtUsageError(Exception):
    """Bad command line: exit 2."""


class FmtError(Exception):
    """A file cannot be formatted (lexical error, or the safety net refused)."""


# ---------------------------------------------------------------------------------------
# tokens


class _T:
    """One printable token (a lexer token, or a COMMENT) with layout annotations."""

    __slots__ = ("kind", "text", "brk", "blank", "role", "eff", "code", "ind", "sep")

    def __init__(self, kind: str, text: str, brk: bool, blank: bool) -> None:
        self.kind = kind
        self.text = text
        self.brk = brk  # a line break precedes this token
        self.blank = blank  # an empty line precedes this token (original source)
        self.role = ""  # spacing role: unary, bang, map, tight, gen, bar_open, bar_close
        self.eff = 0  # block/bracket effect: +1 opens a frame, -n closes n frames
        self.code = kind != "COMMENT"
        self.ind = 0  # indentation of the source line holding the token (arm bodies, spec 01 §3)
        self.sep = False  # a statement-separating newline follows (the parser's view)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{'/' if self.brk else ''}{self.text}"


def _lex(text: str) -> list[Token]:
    return [t for t in tokenize_trivia(text) if t.kind != "EOF"]


def _build(text: str, raw: list[Token]) -> list[_T]:
    out: list[_T] = []
    newlines = 0
    ind = 0
    for tok in raw:
        if tok.kind == "NEWLINE":
            newlines += 1
            continue
        if newlines or not out:
            line_start = max(text.rfind("\n", 0, tok.start), text.rfind("\r", 0, tok.start)) + 1
            ind = len(text[line_start : tok.start]) - len(
                text[line_start : tok.start].lstrip(" \t")
            )
        t = _T(
            tok.kind,
            normalise_text(tok.kind, text[tok.start : tok.end]),
            newlines > 0,
            newlines > 1,
        )
        t.ind = ind
        out.append(t)
        newlines = 0
    if out:
        out[0].brk = True
        out[0].blank = False
    return out


# ---------------------------------------------------------------------------------------
# annotation: spacing roles and block structure


def _annotate(toks: list[_T], raw: list[Token]) -> None:
    code = [t for t in toks if t.code]
    # Previous significant token in the parser's view (None after a kept NEWLINE).
    code_raw = [t for t in raw if t.kind != "COMMENT"]
    kept = {id(t) for t in layout(code_raw + [Token("EOF", None, 0, 0)]) if t.kind == "NEWLINE"}
    prev_sig: list[_T | None] = []
    prev: _T | None = None
    ci = 0
    for tok in code_raw:
        if tok.kind == "NEWLINE":
            if id(tok) in kept:
                if prev is not None:
                    prev.sep = True
                prev = None
            continue
        prev_sig.append(prev)
        prev = code[ci]
        ci += 1

    n = len(code)
    for i, t in enumerate(code):
        if i and code[i - 1].kind == "." and t.kind != "IDENT":
            t.role = "member"
        p = prev_sig[i]
        operand_before = p is not None and (p.kind in _OPERAND_END or p.role == "gen_close")
        k = t.kind
        if k in ("-", "!"):
            if not operand_before:
                t.role = "unary"
            elif k == "!":
                t.role = "bang"  # `Int!String` in a type
        elif k == "%" and i + 1 < n and code[i + 1].kind == "{" and not operand_before:
            t.role = "map"
        elif k == "{":
            before = code[i - 1] if i else None
            if before is not None and (before.role == "map" or before.kind == "for"):
                t.role = "tight"
            else:
                t.role = "spaced"
                if before is not None and before.kind == "IDENT" and before.text[:1].isupper():
                    t.role = "struct"
        elif k == "<" and i and not t.role:
            before = code[i - 1]
            generic_head = before.kind == "IDENT" and (
                before.text[:1].isupper() or (i >= 2 and code[i - 2].kind in ("fn", "def"))
            )
            if generic_head:
                _mark_generic(code, i)
        elif k == "|" and i and code[i - 1].kind == "do" and not t.brk and not t.role:
            depth = 0
            for j in range(i + 1, n):
                kj = code[j].kind
                if kj in _OPEN:
                    depth += 1
                elif kj in _CLOSE:
                    depth -= 1
                    if depth < 0:
                        break
                elif kj == "|" and depth == 0:
                    t.role = "bar_open"
                    code[j].role = "bar_close"
                    break
    _structure(toks)


def _mark_generic(code: list[_T], i: int) -> None:
    depth = 0
    for j in range(i, len(code)):
        k = code[j].kind
        if k not in _GENERIC_INNER:
            return
        if k == "<":
            depth += 1
        elif k == ">":
            depth -= 1
            if depth == 0:
                for m in range(i, j + 1):
                    if code[m].kind == "<":
                        code[m].role = "gen_open"
                    elif code[m].kind == ">":
                        code[m].role = "gen_close"
                return


def _structure(toks: list[_T]) -> None:
    """Set `eff` on every code token: +1 opens a frame, -n closes n frames."""
    stack: list[list] = []  # [kind, header_open]
    absorb = 0
    code = [t for t in toks if t.code]
    line_first = set()
    seen_code_on_line = False
    for t in toks:
        if t.brk:
            seen_code_on_line = False
        if t.code and not seen_code_on_line:
            line_first.add(id(t))
            seen_code_on_line = True
    for i, t in enumerate(code):
        k = t.kind
        nxt = code[i + 1] if i + 1 < len(code) else None
        prv = code[i - 1] if i else None
        if k in _OPEN:
            stack.append([k, False])
            t.eff = 1
        elif k in _CLOSE:
            if any(f[0] in _OPEN for f in stack):
                pops = 0
                while stack:
                    pops += 1
                    if stack.pop()[0] in _OPEN:
                        break
                t.eff = -pops
        elif k == "do":
            if stack and stack[-1][0] == "fn" and stack[-1][1]:
                stack[-1][1] = False
            elif absorb:
                absorb -= 1
            else:
                stack.append(["do", False])
                t.eff = 1
        elif k == "fn":
            in_block = not stack or stack[-1][0] in ("do", "fn")
            is_def = (
                nxt is not None
                and nxt.kind == "IDENT"
                and (
                    (prv is not None and prv.kind in ("pub", ";"))
                    or (id(t) in line_first and in_block)
                    or (prv is not None and prv.kind == "IDENT" and prv.text == "cluster")
                )
            )
            if not is_def:
                stack.append(["fn", True])
                t.eff = 1
        elif k == "->":
            if stack and stack[-1][0] == "fn" and stack[-1][1]:
                stack[-1][1] = False
        elif k == "end":
            if stack and stack[-1][0] in ("do", "fn"):
                stack.pop()
                t.eff = -1
        elif k == "else" and nxt is not None and nxt.kind == "if" and not nxt.brk:
            # `else if` on one line chains (one `end` closes both); an `if` on the line
            # after `else` is an ordinary expression in the else block, with its own `end`.
            absorb += 1


# ---------------------------------------------------------------------------------------
# line structure


def _break_before(toks: list[_T], j: int) -> None:
    """Start a new line at token j, unless only same-line comments separate it from a break."""
    if j < len(toks):
        toks[j].brk = True


def _break_after(toks: list[_T], i: int) -> None:
    j = i + 1
    while j < len(toks) and not toks[j].code and not toks[j].brk:
        j += 1
    _break_before(toks, j)


def _lines_of(toks: list[_T]) -> list[list[_T]]:
    lines: list[list[_T]] = []
    for t in toks:
        if t.brk or not lines:
            lines.append([])
        lines[-1].append(t)
    return lines


def _reflow(toks: list[_T]) -> None:
    # Trailing `|>` at the end of a line → leading form on the next code line (comments in
    # between stay where they are; they are trivia for the layout rules).
    i = 0
    while i < len(toks):
        t = toks[i]
        j = i + 1
        while j < len(toks) and not toks[j].code:
            j += 1
        if t.kind in _PIPES and j < len(toks) and toks[j].brk:
            if t.brk and i + 1 < len(toks) and not toks[i + 1].brk:
                toks[i + 1].brk = True
            nxt = toks[j]
            del toks[i]
            toks.insert(j - 1, t)
            t.brk = True
            t.blank = False
            nxt.brk = False
            nxt.blank = False
            if j - 1 == i:
                i += 1
            continue
        i += 1
    # Each pipe that is not nested in a bracket/block opened on its line gets its own line.
    for line in _lines_of(toks):
        code = [t for t in line if t.code]
        if not code or code[-1].kind in ("do", "->"):
            continue
        rel = 0
        splits = []
        blocked = False
        for t in code:
            if t.kind == "do" and rel <= 0:
                blocked = True
            if t.kind in _PIPES and rel <= 0 and t is not code[0]:
                splits.append(t)
            rel += t.eff
        if not blocked:
            for t in splits:
                t.brk = True
    # Struct literals with ≥ 2 fields and parenthesised import lists: one entry per line.
    index = {id(t): i for i, t in enumerate(toks)}
    code = [t for t in toks if t.code]
    for ci, t in enumerate(code):
        if t.kind == "{" and t.role == "struct":
            close, starts = _entries(code, ci, field=True)
            if close is not None and len(starts) >= 2:
                _break_after(toks, index[id(t)])
                for s in starts:
                    _break_before(toks, index[id(s)])
                _break_before(toks, index[id(close)])
        elif (
            t.kind == "("
            and ci >= 2
            and code[ci - 1].kind == "import"
            and _is_from_import(code, ci - 1)
        ):
            close, starts = _entries(code, ci, field=False)
            if close is not None and starts:
                _break_after(toks, index[id(t)])
                for s in starts:
                    _break_before(toks, index[id(s)])
                _break_before(toks, index[id(close)])


def _is_from_import(code: list[_T], imp: int) -> bool:
    j = imp - 1
    while j >= 1 and code[j].kind in ("IDENT", ".") and not code[j].brk:
        j -= 1
    return code[j].kind == "IDENT" and code[j].text == "from"


def _entries(code: list[_T], open_i: int, field: bool) -> tuple[_T | None, list[_T]]:
    """Matching closer of the bracket at open_i, and the first token of each entry."""
    depth = 0
    starts: list[_T] = []
    for j in range(open_i, len(code)):
        k = code[j].kind
        if k in _OPEN:
            depth += 1
        elif k in _CLOSE:
            depth -= 1
            if depth == 0:
                return code[j], starts
        elif depth == 1 and k == "IDENT":
            if field:
                if j + 1 < len(code) and code[j + 1].kind == ":":
                    starts.append(code[j])
            elif code[j - 1].kind in ("(", ","):
                starts.append(code[j])
    return None, starts


# ---------------------------------------------------------------------------------------
# spacing


def _space(a: _T, b: _T) -> bool:
    if b.kind == "COMMENT" or a.kind == "COMMENT":
        return True
    ka, kb = a.kind, b.kind
    if kb == "." and not (ka in _OPERAND_END or a.role in ("gen_close", "member")):
        return ka not in _TIGHT_AFTER
    if kb in _TIGHT_BEFORE and not (kb == "?" and ka in ("=", ",", "(")):
        return False
    if ka in _TIGHT_AFTER:
        return False
    if a.role in ("unary", "bang", "map", "gen_open", "bar_open") or b.role in (
        "bang",
        "gen_open",
        "gen_close",
        "bar_close",
    ):
        return False
    if ka == "{" and a.role == "tight" or kb == "}" and b.role == "tight":
        return False
    if ka == "{" and kb == "}":
        return False
    if kb == "}":
        # the matching `{` decides; spaced braces unless it was tight (handled via role)
        return True
    if kb == "(":
        return not (ka in _CALL_HEADS or a.role in ("gen_close", "member"))
    if kb == "[":
        return ka not in ("IDENT", ")", "]")
    if kb == "{" and b.role == "tight":
        return a.kind not in ("%",)
    return True


_GLUE_CACHE: dict[tuple[str, str], bool] = {}


def _glues_safely(a: str, b: str) -> bool:
    key = (a, b)
    hit = _GLUE_CACHE.get(key)
    if hit is None:
        try:
            toks, _ = _Lexer(a + b).lex_raw(0, in_interp=False)
            hit = len(toks) == 2 and toks[0].end == len(a)
        except LexError:
            hit = False
        if len(_GLUE_CACHE) < 10000:
            _GLUE_CACHE[key] = hit
    return hit


def _render_line(line: list[_T]) -> str:
    parts = [line[0].text]
    for a, b in zip(line, line[1:]):
        if _space(a, b) or (a.code and b.code and not _glues_safely(a.text, b.text)):
            parts.append(" ")
        parts.append(b.text)
    return "".join(parts)


def _tight_closers(toks: list[_T]) -> None:
    """A `}` closing a tight `{` (maps, `for {k, v}`) is tight too."""
    stack: list[_T] = []
    for t in toks:
        if t.kind in _OPEN:
            stack.append(t)
        elif t.kind in _CLOSE and stack:
            opener = stack.pop()
            if t.kind == "}" and opener.role == "tight":
                t.role = "tight"


# ---------------------------------------------------------------------------------------
# indentation and blank lines


def _is_import_line(code: list[_T]) -> bool:
    if not code:
        return False
    if code[0].kind == "import":
        return True
    return (
        code[0].kind == "IDENT" and code[0].text == "from" and any(t.kind == "import" for t in code)
    )


def _is_decorator_line(code: list[_T]) -> bool:
    return (
        bool(code)
        and code[0].kind == "@"
        and all(t.kind in ("@", "IDENT", "(", ")", "INT") for t in code)
    )


_HANG = {
    "->",
    "=",
    "=>",
    "::",
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "&&",
    "||",
    "<>",
    "++",
    "..",
    "and",
    "or",
    "|",
}


def _hangs(last: _T | None, in_bracket: bool) -> bool:
    """Does a line ending with `last` continue on the next line (indent one more level)?"""
    if last is None or last.role in ("gen_close", "bar_close", "unary"):
        return False
    if last.sep and last.kind in CONTINUE_AFTER:
        return False  # the line ends a statement (`import *`, `fn x ->` + same-level body)
    return last.kind in _HANG or (last.kind == "," and not in_bracket)


def _plan(toks: list[_T]) -> list[tuple[list[_T], int, bool]]:
    lines = _lines_of(toks)
    stack: list[int] = []  # open-line indent of each frame
    kinds_stack: list[str] = []  # the token kind that opened each frame
    heads: dict[int, int] = {}
    prev_last: _T | None = None
    prev_depth = -1
    indents: list[int | None] = []
    at_top: list[bool] = []
    content_at: list[int] = []  # content indent before the line (for comment lines)
    # A case/receive arm whose body starts on the next, more-indented source line (spec 01
    # §3) is a frame of its own, closed by the first line indented no more than the arm, as
    # the parser decides; `arm_inds` holds the source indentation of each open arm line.
    arm_inds: list[int] = []
    next_ind = [0] * len(lines)
    ind_after = -1
    for i in range(len(lines) - 1, -1, -1):
        next_ind[i] = ind_after
        first = next((t for t in lines[i] if t.code), None)
        ind_after = first.ind if first is not None else ind_after

    def close_arms(first: _T | None = None) -> None:
        while (
            kinds_stack
            and kinds_stack[-1] == "arm"
            and (
                first is None
                or first.eff < 0
                or first.kind in ("end", "else", "after")
                or first.ind <= arm_inds[-1]
            )
        ):
            stack.pop()
            kinds_stack.pop()
            arm_inds.pop()

    for li, line in enumerate(lines):
        code = [t for t in line if t.code]
        at_top.append(not stack)
        content_at.append(stack[-1] + 1 if stack else 0)
        if not code:
            indents.append(None)
            continue
        idx = 0
        indent = None
        close_arms(code[0])
        depth_at_start = len(stack)
        while idx < len(code) and code[idx].eff < 0:
            for _ in range(-code[idx].eff):
                close_arms()
                if stack:
                    indent = stack.pop()
                    kinds_stack.pop()
            idx += 1
        if indent is None:
            base = stack[-1] + 1 if stack else 0
            depth = len(stack)
            if code[0].kind in _PIPES:
                indent = heads.get(depth, base - 1 if stack else 0) + 1
            elif code[0].kind in ("else", "after"):
                indent = stack[-1] if stack else 0
            elif prev_depth == depth and _hangs(
                prev_last, in_bracket=bool(kinds_stack) and kinds_stack[-1] in _OPEN
            ):
                indent = heads.get(depth, base) + 1
            else:
                indent = base
                heads[depth] = indent
        for t in code[idx:]:
            if t.eff > 0:
                stack.append(indent)
                kinds_stack.append(t.kind)
                heads.pop(len(stack), None)
            elif t.eff < 0:
                for _ in range(-t.eff):
                    close_arms()
                    if stack:
                        stack.pop()
                        kinds_stack.pop()
        clause = kinds_stack and (
            kinds_stack[-1] == "do" or (kinds_stack[-1] == "fn" and code[0].kind == "|")
        )
        if code[-1].kind == "->" and clause and next_ind[li] > code[0].ind:
            stack.append(indent)
            kinds_stack.append("arm")
            arm_inds.append(code[0].ind)
            heads.pop(len(stack), None)
        indents.append(indent)
        prev_last = code[-1]
        prev_depth = depth_at_start

    # Comment-only lines take the indentation of the next code line (the body level when
    # that line closes a block).
    nxt_indent = None
    nxt_first = None
    for i in range(len(lines) - 1, -1, -1):
        if indents[i] is not None:
            nxt_indent = indents[i]
            nxt_first = next(t for t in lines[i] if t.code)
            continue
        closing = nxt_first is not None and (
            nxt_first.eff < 0 or nxt_first.kind in ("else", "after")
        )
        if nxt_indent is None or closing:
            indents[i] = content_at[i]
        else:
            indents[i] = nxt_indent

    # Top-level item classification for blank lines.
    kinds: list[str] = []
    prev_code: list[_T] = []
    for i, line in enumerate(lines):
        code = [t for t in line if t.code]
        if not at_top[i]:
            kinds.append("inner")
        elif code:
            cont = (
                code[0].kind in _PIPES
                or _is_decorator_line(prev_code)
                or (prev_code and prev_code[-1].kind in (",",) + _PIPES)
                or (prev_code and prev_code[-1].kind in CONTINUE_AFTER and not prev_code[-1].sep)
            )
            kinds.append("cont" if cont else ("import" if _is_import_line(code) else "item"))
        else:
            kinds.append("comment")
        if code:
            prev_code = code
    # A comment line directly before a continuation belongs to that item.
    for i in range(len(lines) - 2, -1, -1):
        if kinds[i] == "comment" and kinds[i + 1] == "cont":
            kinds[i] = "cont"
    for i, k in enumerate(kinds):
        if k == "comment" and i and _is_decorator_line([t for t in lines[i - 1] if t.code]):
            kinds[i] = "cont"

    # The unit ("item"/"import") each comment line leads into without a blank line between
    # (through the rest of its comment block): the comment is attached to it.
    attached: list[str | None] = [None] * len(lines)
    for i in range(len(lines) - 2, -1, -1):
        if kinds[i] == "comment" and not lines[i + 1][0].blank:
            nk = kinds[i + 1]
            attached[i] = attached[i + 1] if nk == "comment" else nk

    plan: list[tuple[list[_T], int, bool]] = []
    last_unit = None
    for i, line in enumerate(lines):
        k = kinds[i]
        blank = False
        if k in ("item", "import", "comment"):
            if last_unit is None:
                pass
            elif last_unit == "comment":
                # After a comment the user's choice stands (as `mix format` keeps it): a
                # comment written directly above an item stays attached to it, one or more
                # blank lines become exactly one.
                blank = line[0].blank
            elif k == "comment":
                # A comment opens a new unit, except one leading into the next import of
                # an import group, which keeps the user's spacing.
                attached_import = last_unit == "import" and attached[i] == "import"
                blank = line[0].blank if attached_import else True
            else:
                blank = not (k == "import" and last_unit == "import")
            last_unit = k
        plan.append((line, indents[i], blank))
    return plan


def _render(plan: list[tuple[list[_T], int, bool]], indent_size: int) -> list[str]:
    out: list[str] = []
    for line, indent, blank in plan:
        if blank:
            out.append("")
        out.append(" " * (indent * indent_size) + _render_line(line))
    return out


# ---------------------------------------------------------------------------------------
# line width


def _split_long_lines(toks: list[_T], indent_size: int, width: int) -> bool:
    """Split the first too-long line that has a bracketed list: one element per line.

    Only brackets are split (newlines inside them are insignificant), string literals and
    comments never. Returns True when something changed.
    """
    index = {id(t): i for i, t in enumerate(toks)}
    for line, indent, _ in _plan(toks):
        text = " " * (indent * indent_size) + _render_line(line)
        if len(text.split("\n")[0]) <= width:
            continue
        code = [t for t in line if t.code]
        for ci, t in enumerate(code):
            if t.kind not in ("(", "["):
                continue
            close, starts = _list_entries(code, ci)
            if close is None or not starts:
                continue
            changed = False
            for s in [code[ci + 1]] + starts + [close]:
                if not s.brk:
                    changed = True
                    _break_before(toks, index[id(s)])
            if changed:
                return True
    return False


def _list_entries(code: list[_T], open_i: int) -> tuple[_T | None, list[_T]]:
    """For a bracket opened and closed on this line: its closer and the token after each
    top-level comma (entries after the first)."""
    depth = 0
    starts: list[_T] = []
    for j in range(open_i, len(code)):
        k = code[j].kind
        if k in _OPEN:
            depth += 1
        elif k in _CLOSE:
            depth -= 1
            if depth == 0:
                if code[j - 1].kind == "," or j == open_i + 1:
                    return None, []
                return code[j], starts
        elif k in ("do", "fn") and code[j].eff > 0:
            return None, []  # blocks inside: leave the line alone
        elif depth == 1 and k == "," and j + 1 < len(code):
            starts.append(code[j + 1])
    return None, []


# ---------------------------------------------------------------------------------------
# entry points


def _format_once(text: str, line_width: int, indent_size: int) -> str:
    raw = _lex(text)
    toks = _build(text, raw)
    if not toks:
        return ""
    _annotate(toks, raw)
    _tight_closers(toks)
    _reflow(toks)
    for _ in range(50):
        if not _split_long_lines(toks, indent_size, line_width):
            break
    return "\n".join(_render(_plan(toks), indent_size)) + "\n"


_MAX_PASSES = 4


def format_source(
    text: str, line_width: int = DEFAULT_WIDTH, indent_size: int = DEFAULT_INDENT
) -> str:
    """Formatted `text`. Raises `LexError` for unlexable input and `FmtError` when the
    result would not be token-equivalent to the input or not idempotent.

    One pass can enable a rule for the next (a long call split one argument per line puts
    a pipe chain at the start of its own line, where its pipes then break), so passes
    repeat until the text is stable; a result that has not settled after a few passes is
    refused like any other unsafe one."""
    out = _format_once(text, line_width, indent_size)
    for _ in range(_MAX_PASSES):
        again = _format_once(out, line_width, indent_size)
        if again == out:
            break
        out = again
    else:
        raise FmtError("formatting is not idempotent")
    if not same_program(text, out):
        raise FmtError("formatting would change the program")
    return out


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name

    prog = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog))
        return 0
    try:
        path, check, width, indent = _parse_args(argv)
    except FmtUsageError as e:
        sys.stderr.write(f"error: {e}\n\nFor more information, try '{prog} fmt --help'.\n")
        return 2
    target = Path(path)
    if not target.exists():
        return _fail(f"Path '{path}' does not exist")
    if target.is_dir():
        files = _discover(target)
        if not files:
            return _fail(f"No .mpl files found at '{path}'")
    elif target.suffix != ".mpl":
        return _fail(f"'{path}' is not a .mpl file")
    else:
        files = [target]

    failed = 0
    changed: list[Path] = []
    for f in files:
        try:
            original = f.read_text(encoding="utf-8")
            formatted = format_source(original, width, indent)
        except (OSError, UnicodeDecodeError, LexError, FmtError) as e:
            failed += 1
            detail = e.message if isinstance(e, LexError) else str(e)
            if isinstance(e, FmtError):
                sys.stderr.write(f"error: could not format {f} safely\n")
            else:
                sys.stderr.write(f"error: could not format {f}: {detail}\n")
            continue
        if formatted != original:
            changed.append(f)
            if not check:
                f.write_text(formatted, encoding="utf-8")
    if check:
        for f in changed:
            sys.stderr.write(f"  would reformat: {f}\n")
        if changed:
            sys.stderr.write(f"{len(changed)} file(s) would be reformatted\n")
        return 1 if changed or failed else 0
    sys.stderr.write(f"Formatted {len(files) - failed} file(s)\n")
    return 1 if failed else 0


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 1


def _parse_args(argv: list[str]) -> tuple[str, bool, int, int]:
    path = None
    check = False
    width = DEFAULT_WIDTH
    indent = DEFAULT_INDENT
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--check":
            check = True
        elif a in ("--line-width", "--indent-size") or a.startswith(
            ("--line-width=", "--indent-size=")
        ):
            name, _, value = a.partition("=")
            if not _:
                i += 1
                if i >= len(argv):
                    raise FmtUsageError(
                        f"a value is required for '{name} <N>' but none was supplied"
                    )
                value = argv[i]
            if not value.isdigit() or int(value) < 1:
                raise FmtUsageError(
                    f"invalid value '{value}' for '{name} <N>': expected a positive integer"
                )
            if name == "--line-width":
                width = int(value)
            else:
                indent = int(value)
        elif a == "--":
            i += 1
            if i < len(argv) and path is None:
                path = argv[i]
                i += 1
            if i < len(argv):
                raise FmtUsageError(f"unexpected argument '{argv[i]}' found")
            break
        elif a.startswith("-") and a != "-":
            from mesh.cli import suggest

            flags = ("--check", "--line-width", "--indent-size", "--help")
            raise FmtUsageError(
                f"unexpected argument '{a}' found" + suggest(a.partition("=")[0], flags)
            )
        elif path is None:
            path = a
        else:
            raise FmtUsageError(f"unexpected argument '{a}' found")
        i += 1
    # No path: the project in the current directory (the natural `mesh fmt` of a project).
    return path or ".", check, width, indent


def _discover(root: Path) -> list[Path]:
    """`*.mpl` below root (test files included), skipping names that start with `.`."""
    found = []
    for p in root.rglob("*.mpl"):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel) or not p.is_file():
            continue
        found.append(p)
    return sorted(found)
