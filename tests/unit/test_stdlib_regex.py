"""Regex module (spec 05 §7): dialect translation, iteration rule, templates, errors."""

import re

import pytest

from mesh.runtime import core
from mesh.runtime.stdlib import regex as R
from mesh.runtime.values import NONE, Err, MeshPanic, MeshRegex, Ok, Some


def rx(p, flags=""):
    return R._compile(p, flags)


def test_spec_examples():
    assert R.replace(rx(r"\d+"), "foo123bar456", "N") == "fooNbarN"
    assert R.split(rx(r"\d+"), "a1b2c3d") == ["a", "b", "c", "d"]
    assert R.split(rx(","), ",x,") == ["", "x", ""]
    assert R.split(rx(","), "") == [""]
    stamp = rx(r"(\d{4})-(\d{2})")
    assert R.captures(stamp, "billing 2025-07 closed") == Some(["2025-07", "2025", "07"])
    assert R.replace(stamp, "2025-07", "$2/$1") == "07/2025"
    assert R.replace(rx(r"\s+"), "a  b\tc", "_") == "a_b_c"
    assert R.is_match(core.make_regex("^mesh$", "i"), "MESH")


def test_empty_match_rule():
    a = rx("a*")
    assert R.replace(a, "baac", "-") == "-b-c-"
    assert R.split(a, "baac") == ["", "b", "c", ""]
    assert re.sub("a*", "-", "baac") == "-b--c-"  # Python differs
    assert R.replace(rx(""), "abc", "-") == "-a-b-c-"
    assert R.replace(rx("x*"), "", "-") == "-"
    assert R.split(rx(""), "ab") == ["", "a", "b", ""]
    assert R.replace(rx("a|"), "ba", "-") == "-b-"


def test_captures():
    assert R.captures(rx("(a)|(b)"), "b") == Some(["b", "", "b"])
    assert R.captures(rx(r"(\d)"), "x") is NONE
    assert R.captures(rx("x"), "axb") == Some(["x"])


@pytest.mark.parametrize(
    "template,want",
    [
        ("$last, $first", "lovelace, ada"),
        ("${last}_${first}", "lovelace_ada"),
        ("$2 $1", "lovelace ada"),
        ("${2}a", "lovelacea"),
        ("[$2a]", "[]"),
        ("$$1 $", "$1 $"),
        ("$9|$nope|${nope}", "||"),
        ("\\1 $-", "\\1 $-"),
        ("${unclosed", "${unclosed"),
        ("$0", "ada lovelace"),
        ("${}", ""),
        ("$first$", "ada$"),
    ],
)
def test_templates(template, want):
    r = rx(r"(?<first>\w+) (?P<last>\w+)")
    assert R.replace(r, "ada lovelace", template) == want


def test_unparticipating_group_in_template():
    assert R.replace(rx("(a)|(b)"), "ab", "[$1$2]") == "[a][b]"


@pytest.mark.parametrize(
    "pattern,subject,expect",
    [
        ("abc$", "abc\n", False),
        ("abc$", "abc", True),
        (r"abc\z", "abc\n", False),
        ("a.c", "a\nc", False),
        ("a(?s).c", "a\nc", True),
        ("a(?i)bc", "aBC", True),
        ("a(?i)bc", "ABC", False),
        ("(?i:b)c", "BC", False),
        ("(?i)a(?-i)b", "AB", False),
        ("(?i)a(?-i)b", "Ab", True),
        (r"\x41\x{1F600}\u00e9", "A😀é", True),
        (r"^\pL+$", "Grüße", True),
        (r"^\pL+$", "ab1", False),
        (r"^\p{Lu}\p{Ll}+$", "Élan", True),
        (r"^\PN+$", "abc", True),
        (r"^\p{Nd}+$", "١٢", True),
        (r"^\p{Greek}", "α", None),
        ("^[[:alpha:]]+$", "abc", True),
        ("^[[:alpha:]]+$", "é", False),
        ("^[[:^digit:]]+$", "ab", True),
        ("^[a-z&&[^aeiou]]+$", "bcd", True),
        ("^[a-z&&[^aeiou]]+$", "bad", False),
        ("^[a-z--[aeiou]]+$", "xaz", False),
        ("^[a-c~~b-d]+$", "ad", True),
        ("^[a-c~~b-d]+$", "b", False),
        (r"\<cat\>", "the cat", True),
        (r"\<cat\>", "concat", False),
        (r"\b{start}cat\b{end}", "a cat", True),
        ("(?x) a \\s b  # c", "a b", True),
        ("(?x)[a b]+", "ab", True),
        ("(?x)[a b]+", " ", False),
        (r"a\/b", "a/b", True),
        ("[]a]+", "]a", True),
        ("[^]a]", "]", False),
        (r"[\]\[]", "[", True),
        ("[a-]+", "-a", True),
        ("(?m)^x$", "a\nx\nb", True),
        ("^(?m)x$", "a\nx\nb", False),
        ("(?i)[^a]", "A", False),
        ("(?i)σ", "Σ", True),
        ("^.$", "😀", True),
        ("^[^a]$", "\n", True),
        ("^a**$", "aaa", True),
        ("(?U)^a+?$", "aaa", True),
        ("[[:word:]]", "_", True),
        (r"\d", "٣", True),
        ("^\\#$", "#", True),
    ],
)
def test_dialect(pattern, subject, expect):
    if expect is None:
        assert type(R.compile(pattern)) is Err
    else:
        assert R.is_match(rx(pattern), subject) is expect


def test_greed_swap():
    assert R.replace(rx("(?U)a+"), "aaa", "-") == "---"
    assert R.replace(rx("(?U)a+?"), "aaa", "-") == "-"
    assert R.replace(rx("a+?"), "aaa", "-") == "---"


@pytest.mark.parametrize(
    "pattern,desc",
    [
        ("(unclosed", "unclosed group"),
        ("a)", "unopened group"),
        ("a{", "unclosed counted repetition"),
        ("x{y}", "repetition quantifier expects a valid decimal"),
        ("a{,3}", "repetition quantifier expects a valid decimal"),
        ("a{3,2}", "invalid repetition count range"),
        ("*a", "repetition operator missing expression"),
        ("(?i)*", "repetition operator missing expression"),
        ("a|*", "repetition operator missing"),
        ("[abc", "unclosed character class"),
        ("[z-a]", "invalid character class range"),
        ("(?=x)", "look-around"),
        ("(?!x)", "look-around"),
        ("(?<=x)", "look-around"),
        ("(?<!x)", "look-around"),
        (r"(a)\1", "backreferences are not supported"),
        ("(?>a)", "unrecognized flag"),
        ("a*+", "possessive"),
        ("a++", "possessive"),
        ("\\", "incomplete escape sequence"),
        (r"\q", "unrecognized escape sequence"),
        (r"\Z", "unrecognized escape sequence"),
        (r"[\b]", "unrecognized escape sequence"),
        ("(?P<n>a)(?P<n>b)", "duplicate capture group name"),
        ("(?P<>a)", "empty capture group name"),
        ("(?P<1a>a)", "invalid capture group character"),
        ("(?<a", "unclosed capture group name"),
        (r"\p{NoSuch}", "Unicode property not found"),
        ("(?)", "empty flag set"),
        ("(?ii)", "duplicate flag"),
        ("(?i-)", "flag negation operator is not followed by a flag"),
        (r"\x{D800}", "not a Unicode scalar value"),
        (r"\x{zz}", "invalid hexadecimal digit"),
        ("(?P=n)", "backreferences are not supported"),
    ],
)
def test_compile_errors(pattern, desc):
    r = R.compile(pattern)
    assert type(r) is Err, pattern
    text = r._0
    assert text.startswith("regex parse error:\n    " + pattern + "\n")
    assert "\nerror: " in text and desc in text
    assert R.check(pattern) == text


def test_error_layout():
    r = R.compile("ab(cd")
    assert r._0 == "regex parse error:\n    ab(cd\n      ^\nerror: unclosed group"


def test_compile_ok_and_cache():
    r = R.compile("[0-9]+")
    assert type(r) is Ok and isinstance(r._0, MeshRegex)
    assert R.compile("[0-9]+")._0 is r._0
    assert R.check("a{2}") is None


def test_make_regex_uses_translator():
    assert R.is_match(core.make_regex(r"x$", ""), "x\n") is False
    with pytest.raises(MeshPanic):
        core.make_regex("(?=x)", "")


def test_named_groups_with_rust_only_characters():
    r = rx(r"(?P<a.b>\d)")
    assert R.replace(r, "7", "<${a.b}>") == "<7>"
