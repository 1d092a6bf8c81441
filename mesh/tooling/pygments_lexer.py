"""A Pygments lexer for Mesh, so documentation sites and `pygmentize` highlight `.mpl` code.

Registered as the `mesh` lexer through the `pygments.lexers` entry point in pyproject.toml
(MkDocs' ```` ```mesh ```` fences use it). The rules follow the lexical structure of the
language: nested `#= ... =#` comments, `#{...}` / `${...}` interpolation with nested braces
and strings, `\"\"\"` heredocs, atoms, `~r/.../` regexes and `|N>` slot pipes.
tests/test_pygments_lexer.py lexes every file in examples/ and requires no Error token.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["MeshLexer"]

KEYWORDS = (
    "actor",
    "after",
    "alias",
    "and",
    "break",
    "call",
    "case",
    "cast",
    "cond",
    "continue",
    "def",
    "do",
    "else",
    "end",
    "fn",
    "for",
    "if",
    "impl",
    "import",
    "in",
    "interface",
    "json",
    "let",
    "link",
    "match",
    "module",
    "monitor",
    "not",
    "or",
    "pub",
    "receive",
    "return",
    "self",
    "send",
    "service",
    "spawn",
    "struct",
    "supervisor",
    "terminate",
    "trait",
    "trap",
    "type",
    "when",
    "where",
    "while",
    "with",
)
# Words that are keywords only in some positions (see the docs' language tour).
CONTEXTUAL = (
    "from",
    "as",
    "deriving",
    "strategy",
    "max_restarts",
    "max_seconds",
    "child",
    "start",
    "restart",
    "shutdown",
)


class MeshLexer(RegexLexer):
    """Mesh source (`.mpl`)."""

    name = "Mesh"
    aliases = ["mesh", "mpl"]
    filenames = ["*.mpl"]
    mimetypes = ["text/x-mesh"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#=", Comment.Multiline, "block-comment"),
            (r"##!?[^\n]*", Comment.Special),
            (r"#[^\n]*", Comment.Single),
            (r'"""', String.Double, "heredoc"),
            (r'"', String.Double, "string"),
            (r"~r/(?:\\.|[^/\\\n])*/[ims]*", String.Regex),
            (r"@cluster\b", Name.Decorator),
            (r"\b0[xX][0-9a-fA-F_]+", Number.Hex),
            (r"\b0[bB][01_]+", Number.Bin),
            (r"\b0[oO][0-7_]+", Number.Oct),
            (r"\b\d[\d_]*\.\d[\d_]*(?:[eE][+-]?\d+)?", Number.Float),
            (r"\b\d[\d_]*[eE][+-]?\d+", Number.Float),
            (r"\b\d[\d_]*", Number.Integer),
            (r":[a-z_]\w*", String.Symbol),
            (words(("true", "false", "nil"), suffix=r"\b"), Keyword.Constant),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(CONTEXTUAL, suffix=r"\b"), Keyword.Pseudo),
            (r"(\.)(self|monitor|spawn|link|send|where|cast)\b", bygroups(Punctuation, Name)),
            (r"[A-Z]\w*", Name.Class),
            (r"[a-z_]\w*(?=\s*\()", Name.Function),
            (r"[^\W\d]\w*", Name),
            (r"\|\d+>|\|>|<>|\+\+|::|->|=>|\.\.|==|!=|<=|>=|&&|\|\||[-+*/%<>=!?|]", Operator),
            (r"[{}]", Punctuation),
            (r"[()\[\],.:;@]", Punctuation),
        ],
        "block-comment": [
            (r"#=", Comment.Multiline, "#push"),
            (r"=#", Comment.Multiline, "#pop"),
            (r"[^#=]+", Comment.Multiline),
            (r"[#=]", Comment.Multiline),
        ],
        "escapes": [
            (r"\\.", String.Escape),
            (r"[#$]\{", String.Interpol, "interpolation"),
        ],
        "string": [
            include("escapes"),
            (r'"', String.Double, "#pop"),
            (r'[^"\\#$]+', String.Double),
            (r"[#$]", String.Double),
        ],
        "heredoc": [
            include("escapes"),
            (r'"""', String.Double, "#pop"),
            (r'[^"\\#$]+', String.Double),
            (r'["#$]', String.Double),
        ],
        "interpolation": [
            (r"\}", String.Interpol, "#pop"),
            (r"\{", Punctuation, "braces"),
            include("root"),
        ],
        "braces": [
            (r"\}", Punctuation, "#pop"),
            (r"\{", Punctuation, "#push"),
            include("root"),
        ],
    }
