"""Lexer edge cases (spec 01 §1–§3): numbers, operators, atoms, regexes, comments,
line ends, strings, heredoc dedent and the layout pass."""

from __future__ import annotations

import pytest

from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.parse.lexer import LexError, tokenize
from mesh.compiler.source import SourceFile


def toks(src: str):
    return [t for t in tokenize(SourceFile("t.mpl", src)) if t.kind != "EOF"]


def kinds(src: str) -> list[str]:
    return [t.kind for t in toks(src)]


def kv(src: str) -> list[tuple[str, object]]:
    return [(t.kind, t.value) for t in toks(src)]


def lex_error(src: str) -> str:
    with pytest.raises(LexError) as info:
        tokenize(SourceFile("t.mpl", src))
    return info.value.message


def parse_error(src: str) -> str:
    reporter = Reporter()
    assert parse_module(SourceFile("t.mpl", src), "Main", reporter) is None
    [diag] = reporter.items
    assert diag.code == "P0001"
    return diag.headline


def string_value(src: str) -> list:
    [tok] = toks(src)
    assert tok.kind == "STRING"
    return tok.value


def heredoc(body: str) -> str:
    """Value of a heredoc without interpolations, as one str."""
    value = string_value('"""' + body + '"""')
    assert all(isinstance(p, str) for p in value)
    return "".join(value)


# ---------------------------------------------------------------------------------------
# §2.5 numbers


@pytest.mark.parametrize(
    ("src", "kind", "value"),
    [
        ("0", "INT", 0),
        ("42", "INT", 42),
        ("1_000_000", "INT", 1_000_000),
        ("1_2_3", "INT", 123),
        ("0xFF", "INT", 255),
        ("0Xff_ff", "INT", 0xFFFF),
        ("0xdeadBEEF", "INT", 0xDEADBEEF),
        ("0b1010", "INT", 10),
        ("0B1_1", "INT", 3),
        ("0o777", "INT", 511),
        ("0O17", "INT", 15),
        ("3.14", "FLOAT", 3.14),
        ("100_000.50", "FLOAT", 100000.5),
        ("1.0e10", "FLOAT", 1.0e10),
        ("2.5e-3", "FLOAT", 2.5e-3),
        ("6E+2", "FLOAT", 600.0),
        ("1e3", "FLOAT", 1000.0),
        ("9223372036854775807", "INT", 9223372036854775807),
    ],
)
def test_number_forms_and_values(src, kind, value):
    [tok] = toks(src)
    assert tok.kind == kind
    assert tok.value == value
    assert type(tok.value) is (int if kind == "INT" else float)
    assert (tok.start, tok.end) == (0, len(src))


def test_range_is_not_a_float():
    assert kv("1..5") == [("INT", 1), ("..", ".."), ("INT", 5)]


def test_int_then_dot_is_not_a_float():
    assert kv("1.foo") == [("INT", 1), (".", "."), ("IDENT", "foo")]
    assert kinds("42.try_into()") == ["INT", ".", "IDENT", "(", ")"]


def test_leading_dot_is_not_a_number():
    assert kv(".5") == [(".", "."), ("INT", 5)]


def test_negative_literal_is_unary_minus():
    assert kv("-5") == [("-", "-"), ("INT", 5)]


@pytest.mark.parametrize("src", ["0x", "0b", "0o", "0x_"])
def test_prefix_without_digits_is_an_error(src):
    assert "has no digits" in lex_error(src)


@pytest.mark.parametrize("src", ["1e", "1e+", "2.5E-"])
def test_exponent_without_digits_is_an_error(src):
    assert "exponent" in lex_error(src)


def test_int_literal_too_large_is_a_parse_error_but_min_int_is_fine():
    assert "too large" in parse_error("fn main() do\n  9223372036854775808\nend\n")
    reporter = Reporter()
    m = parse_module(
        SourceFile("t.mpl", "fn main() do\n  -9223372036854775808\nend\n"), "Main", reporter
    )
    assert m is not None and not reporter.items
    lit = m.items[0].body.stmts[0]
    assert lit.value == -9223372036854775808


# ---------------------------------------------------------------------------------------
# §2.4 operators


@pytest.mark.parametrize(
    "op", ["<>", "|>", "::", "..", "<=", ">=", "==", "!=", "=>", "->", "&&", "||", "++"]
)
def test_longest_match_two_char_operators(op):
    assert kinds(f"a {op} b") == ["IDENT", op, "IDENT"]
    assert kinds(f"a{op}b") == ["IDENT", op, "IDENT"]


def test_three_dots_and_triple_colon_split_longest_first():
    assert kinds("a...b") == ["IDENT", "..", ".", "IDENT"]
    assert kinds("a:::B") == ["IDENT", "::", ":", "IDENT"]
    assert kv("a:::b")[1:] == [("::", "::"), ("ATOM", "b")]


def test_no_shift_right_token():
    assert kinds("List<List<Int>>") == ["IDENT", "<", "IDENT", "<", "IDENT", ">", ">"]


def test_slot_pipe_tokens():
    assert kv("x |2> f") == [("IDENT", "x"), ("SLOT_PIPE", 2), ("IDENT", "f")]
    assert kv("x |12> f")[1] == ("SLOT_PIPE", 12)


def test_bar_space_digit_is_not_a_slot_pipe():
    assert kinds("| 2 -> x") == ["|", "INT", "->", "IDENT"]


@pytest.mark.parametrize("n", ["0", "1"])
def test_slot_pipe_below_two_is_an_error(n):
    msg = lex_error(f"x |{n}> f")
    assert msg == f"invalid slot pipe `|{n}>`; use `|>` to pipe into the first argument"


@pytest.mark.parametrize("src", ["x |2 f", "x |2", "fn 1 -> 1 |2 -> 2 end"])
def test_slot_pipe_without_gt_is_an_error(src):
    assert "invalid slot pipe `|2`" in lex_error(src)


def test_slot_pipe_error_is_reported_as_p0001():
    headline = parse_error("fn main() do\n  1 |1> f()\nend\n")
    assert headline == (
        "Parse error: invalid slot pipe `|1>`; use `|>` to pipe into the first argument"
    )


@pytest.mark.parametrize("ch", ["'", "&", "\f", "\xa0", "`", "\ufeff"])
def test_stray_characters_are_lexical_errors(ch):
    assert "unexpected character" in lex_error(f"a {ch} b")


# ---------------------------------------------------------------------------------------
# §2.8 atoms


@pytest.mark.parametrize("name", ["day", "_x1", "nodedown", "a_b2"])
def test_atoms(name):
    assert kv(f":{name}") == [("ATOM", name)]


def test_uppercase_after_colon_is_not_an_atom():
    assert kv(":Foo") == [(":", ":"), ("IDENT", "Foo")]


def test_double_colon_is_not_an_atom():
    assert kv("x::y") == [("IDENT", "x"), ("::", "::"), ("IDENT", "y")]
    assert kv("x :: Int") == [("IDENT", "x"), ("::", "::"), ("IDENT", "Int")]


def test_name_colon_value_lexes_as_name_and_atom():
    assert kv("name:value") == [("IDENT", "name"), ("ATOM", "value")]
    assert kv("name: value") == [("IDENT", "name"), (":", ":"), ("IDENT", "value")]
    assert kv("n:1") == [("IDENT", "n"), (":", ":"), ("INT", 1)]


def test_name_colon_value_in_a_struct_literal_gives_a_helpful_parse_error():
    msg = parse_error("fn main() do\n  json { name:value }\nend\n")
    assert "atom `:value`" in msg


# ---------------------------------------------------------------------------------------
# §2.9 regex literals


def test_regex_with_escaped_slash_and_flags():
    [tok] = toks(r"~r/^[a-z]+\/\d$/im")
    assert tok.kind == "REGEX"
    assert tok.value == (r"^[a-z]+\/\d$", "im")


def test_regex_all_flags_and_no_flags():
    assert toks("~r/a/ims")[0].value == ("a", "ims")
    assert toks("~r/a/")[0].value == ("a", "")
    assert kinds("~r/a/ x") == ["REGEX", "IDENT"]


def test_regex_ends_at_slash_after_paired_backslash():
    [tok] = toks(r"~r/a\\/i")
    assert tok.value == ("a\\\\", "i")


def test_regex_pattern_is_verbatim():
    assert toks(r"~r/\d+\.\s/")[0].value == (r"\d+\.\s", "")


@pytest.mark.parametrize("flag", ["x", "g", "u", "I"])
def test_regex_bad_flag(flag):
    assert lex_error(f"~r/a/{flag}") == f"unknown regex flag `{flag}`"
    assert lex_error(f"~r/a/i{flag}") == f"unknown regex flag `{flag}`"


def test_tilde_without_r_slash_is_an_error():
    assert "expected `r/`" in lex_error("~x")
    assert "expected `r/`" in lex_error("~r x")


def test_unterminated_regex():
    assert "unterminated regex" in lex_error("~r/abc")
    assert "unterminated regex" in lex_error("~r/abc\n/")


# ---------------------------------------------------------------------------------------
# §2.1 comments


def test_line_and_doc_comments_are_trivia():
    assert kinds("## doc\n##! mod doc\n1 # trailing\n") == ["INT", "NEWLINE"]


def test_nested_block_comments():
    assert kv("#= a #= b =# c =# 1") == [("INT", 1)]
    assert kv("1 #= spans\nlines\n=# 2") == [("INT", 1), ("INT", 2)]


def test_unclosed_nested_block_comment():
    assert lex_error("#= a #= b =# 1") == "unterminated block comment"


def test_decorative_hash_equals_line_opens_a_block_comment():
    assert lex_error("#======\nfn main() do\nend\n") == "unterminated block comment"
    assert kinds("# ======\n1") == ["INT"]


def test_block_comment_error_points_at_opener():
    with pytest.raises(LexError) as info:
        tokenize(SourceFile("t.mpl", "1\n  #= x"))
    assert (info.value.start, info.value.end) == (4, 6)


# ---------------------------------------------------------------------------------------
# §1 source text: BOM, line ends


def test_bom_at_start_is_ignored():
    assert kinds("\ufefffn main") == ["fn", "IDENT"]


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_line_ends(nl):
    ts = toks(f"a{nl}b")
    assert [t.kind for t in ts] == ["IDENT", "NEWLINE", "IDENT"]
    assert ts[1].end - ts[1].start == len(nl)


def test_cr_lf_pair_is_one_newline_and_lone_cr_counts_for_line_numbers():
    f = SourceFile("t.mpl", "a\r\nb\rc\nd")
    assert [f.line_col(i)[0] for i in (0, 3, 5, 7)] == [1, 2, 3, 4]


def test_raw_crlf_inside_string_becomes_lf():
    assert string_value('"a\r\nb\rc"') == ["a\nb\nc"]


# ---------------------------------------------------------------------------------------
# §2.6 strings


@pytest.mark.parametrize(
    ("src", "value"),
    [
        (r'"\n\t\r\0\\\""', '\n\t\r\0\\"'),
        (r'"cost: \$9"', "cost: $9"),
        (r'"\#{not interpolated}"', "#{not interpolated}"),
        (r'"\${not interpolated}"', "${not interpolated}"),
        (r'"\u{41}"', "u{41}"),
        (r'"\x41"', "x41"),
        ('"a # b $ c #x $y"', "a # b $ c #x $y"),
        ('"multi\nline"', "multi\nline"),
    ],
)
def test_string_escapes(src, value):
    assert string_value(src) == [value]


def test_empty_string_has_no_parts():
    assert string_value('""') == []


def test_interpolation_forms_split_parts():
    value = string_value('"a#{x}b${y}"')
    assert value[0] == "a" and value[2] == "b"
    assert [(t.kind, t.value) for t in value[1]] == [("IDENT", "x"), ("EOF", None)]
    assert [(t.kind, t.value) for t in value[3]] == [("IDENT", "y"), ("EOF", None)]


def test_interpolation_braces_nest():
    value = string_value('"#{%{1 => 2}}!"')
    assert [t.kind for t in value[0]] == ["%", "{", "INT", "=>", "INT", "}", "EOF"]
    assert value[1] == "!"


def test_nested_string_interpolation():
    value = string_value('"a#{f("b#{c}")}"')
    assert value[0] == "a"
    inner = value[1]
    assert [t.kind for t in inner] == ["IDENT", "(", "STRING", ")", "EOF"]
    nested = inner[2].value
    assert nested[0] == "b"
    assert [t.value for t in nested[1] if t.kind == "IDENT"] == ["c"]


def test_newlines_inside_interpolation_are_dropped():
    value = string_value('"#{1 +\n 2}"')
    assert [t.kind for t in value[0]] == ["INT", "+", "INT", "EOF"]


def test_unterminated_string_and_interpolation():
    assert lex_error('"abc') == "unterminated string literal"
    assert lex_error('"a#{b') == "unterminated string interpolation"


# ---------------------------------------------------------------------------------------
# §2.7 heredocs


def test_heredoc_spec_example():
    src = '"""\n    SELECT id\n      FROM users\n     WHERE name = \'#{name}\'\n    """'
    value = string_value(src)
    assert value[0] == "SELECT id\n  FROM users\n WHERE name = '"
    assert [t.value for t in value[1] if t.kind == "IDENT"] == ["name"]
    assert value[2] == "'"


def test_heredoc_one_line_keeps_quotes():
    assert heredoc('a "b" c') == 'a "b" c'


def test_heredoc_rule1_drops_whitespace_only_first_line():
    assert heredoc("   \t\n  x\n  ") == "x"


def test_heredoc_rule1_keeps_first_line_with_text():
    assert heredoc("hi\n  there\n  ") == "hi\nthere"


def test_heredoc_rule2_whitespace_closing_line_sets_trim_level_and_is_dropped():
    assert heredoc("\n    a\n      b\n    ") == "a\n  b"
    assert heredoc("\n    a\n  ") == "  a"


def test_heredoc_rule2_text_on_closing_line_is_kept_and_sets_trim():
    assert heredoc("\n    a\n  b") == "  a\nb"


def test_heredoc_rule3_short_indent_loses_only_what_it_has_and_blank_lines_stay():
    assert heredoc("\n    a\n  b\n    ") == "a\nb"
    assert heredoc("\n  a\n\n  b\n  ") == "a\n\nb"


def test_heredoc_rule3_text_after_interpolation_is_untouched():
    value = string_value('"""\n  #{x}  y\n  z\n  """')
    assert isinstance(value[0], list)
    assert value[-1] == "  y\nz"


def test_heredoc_interpolation_starting_a_line_keeps_the_newline():
    value = string_value('"""\n  #{a}\n  #{b}\n  """')
    assert isinstance(value[0], list) and isinstance(value[2], list)
    assert value[1] == "\n"


def test_heredoc_space_between_interpolations_is_kept():
    value = string_value('"""\n  #{a} #{b}\n  """')
    assert value[1] == " "


def test_heredoc_rule4_escapes_after_dedent():
    # Line is `  \tx` (backslash-t); trim level 3 removes the two real spaces only.
    assert heredoc("\n  \\tx\n   ") == "\tx"


def test_heredoc_rule4_trailing_newline_only_with_blank_line_before_closing():
    assert heredoc("\n  a\n  ") == "a"
    assert heredoc("\n  a\n\n  ") == "a\n"


# ---------------------------------------------------------------------------------------
# §3 layout


def test_newlines_dropped_inside_brackets():
    assert "NEWLINE" not in kinds("f(\n1,\n2\n)")
    assert "NEWLINE" not in kinds("[1,\n2\n]")
    assert "NEWLINE" not in kinds("%{1 =>\n2}")
    assert "NEWLINE" not in kinds("(fn x ->\n  let y = x\n  y\nend)")


def test_newline_after_bracket_closes_is_kept():
    assert kinds("f(\n1)\ng") == ["IDENT", "(", "INT", ")", "NEWLINE", "IDENT"]


def test_pipe_continuation_leading_form():
    assert "NEWLINE" not in kinds("x\n  |> f()\n  |2> g(1)")


def test_pipe_continuation_trailing_form():
    assert "NEWLINE" not in kinds("x |>\n  f()")
    assert "NEWLINE" not in kinds("x |3>\n  f(1, 2)")


def test_pipe_continuation_across_blank_and_comment_lines():
    assert "NEWLINE" not in kinds("x\n\n  # note\n  #= c =#\n  |> f()")


def test_no_continuation_after_equals_or_binary_operator_onto_a_line_not_indented_more():
    assert kinds("a =\nb") == ["IDENT", "=", "NEWLINE", "IDENT"]
    assert kinds("a +\nb") == ["IDENT", "+", "NEWLINE", "IDENT"]
    assert kinds("  a +\n  b") == ["IDENT", "+", "NEWLINE", "IDENT"]
    assert kinds("  a +\nb") == ["IDENT", "+", "NEWLINE", "IDENT"]
    assert kinds("a,\n  b") == ["IDENT", ",", "NEWLINE", "IDENT"]  # a comma never continues


def test_continuation_after_trailing_operator_equals_or_arrow_onto_a_deeper_line():
    for op in ("=", "+", "-", "*", "==", "<>", "++", "and", "or", "&&", "..", "->"):
        assert "NEWLINE" not in kinds(f"a {op}\n  b"), op
    assert "NEWLINE" not in kinds("a +\n\n  # note\n  b")  # blank and comment lines skipped


def test_continuation_compares_with_the_line_that_began_the_statement():
    # `a +` / `b +` / `c`: the third line is as deep as the second, deeper than the first.
    assert kinds("x = a +\n  b +\n  c\ny") == [
        "IDENT",
        "=",
        "IDENT",
        "+",
        "IDENT",
        "+",
        "IDENT",
        "NEWLINE",
        "IDENT",
    ]
    # After `->` the body line starts a statement of its own: a later line at the body's
    # depth is a new statement.
    assert kinds("p ->\n  a =\n    b\n  c") == [
        "IDENT",
        "->",
        "IDENT",
        "=",
        "IDENT",
        "NEWLINE",
        "IDENT",
    ]


def test_blank_lines_collapse_and_leading_newlines_drop():
    assert kinds("\n\na\n\n\n# c\n\nb\n") == ["IDENT", "NEWLINE", "IDENT", "NEWLINE"]


def test_semicolon_separator():
    assert kinds("a; b") == ["IDENT", ";", "IDENT"]
    assert kinds("a;\nb") == ["IDENT", ";", "IDENT"]


def test_interpolation_braces_do_not_count_as_depth():
    assert kinds('"#{ {a: 1} }"\nb') == ["STRING", "NEWLINE", "IDENT"]


def test_unbalanced_closer_does_not_go_negative():
    assert kinds(")\na\nb") == [")", "NEWLINE", "IDENT", "NEWLINE", "IDENT"]
