"""Core stdlib functions (spec 03 Part B) incl. edge cases and panic texts."""

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mesh.runtime import core as rt
from mesh.runtime.stdlib import (
    float as F,
    int as I,
    io,
    iter as It,
    list as L,
    map as M,
    math as Mt,
    prelude,
    queue as Q,
    range as R,
    set as S,
    string as Str,
    tuple as T,
)
from mesh.runtime.values import MeshPanic

ROOT = Path(__file__).resolve().parents[2]


def panics(fn, *args):
    with pytest.raises(MeshPanic) as e:
        fn(*args)
    return e.value.message


# ---- String ----


def test_string_basics():
    assert Str.length("Grüße") == 5
    assert Str.slice("Grüße", 1, 3) == "rü"
    assert Str.slice("abc", -5, 99) == "abc"
    assert Str.slice("abc", 2, 1) == ""
    assert Str.contains("abc", "") and Str.starts_with("abc", "") and Str.ends_with("abc", "")
    assert Str.contains("abc", "bc") and not Str.contains("abc", "x")
    assert Str.trim("  \t hi \n\u3000") == "hi"
    assert Str.trim("\x1chi") == "\x1chi"
    assert Str.to_upper("ß") == "SS" and Str.upcase("ab") == "AB"
    assert Str.to_lower("ÀB") == "àb" and Str.downcase("AB") == "ab"
    assert Str.replace("ab", "", "-") == "-a-b-"
    assert Str.replace("aaa", "aa", "b") == "ba"
    assert Str.split("a,,b", ",") == ["a", "", "b"]
    assert Str.split("", ",") == [""]
    assert Str.split("abc", "") == ["", "a", "b", "c", ""]
    assert Str.join(["a", "", "b"], "|") == "a||b"
    assert Str.join([], ",") == ""
    assert Str.from_(3.0) == "3" and Str.from_(True) == "true" and Str.from_(42) == "42"
    assert Str.collect(It.from_(["a", "b"])) == "ab"


@pytest.mark.parametrize(
    "text,expected",
    [
        (" 42 ", 42),
        ("-7", -7),
        ("+5", 5),
        ("9223372036854775807", 9223372036854775807),
        ("-9223372036854775808", -9223372036854775808),
        ("9223372036854775808", None),
        ("", None),
        ("1_000", None),
        ("0x10", None),
        ("١٢", None),
        ("4 2", None),
        ("+", None),
    ],
)
def test_string_to_int(text, expected):
    r = Str.to_int(text)
    assert r == (rt.NONE if expected is None else rt.Some(expected))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1.", 1.0),
        (".5", 0.5),
        ("1e5", 1e5),
        ("-.5e-3", -0.0005),
        (" 2.5 ", 2.5),
        ("inf", math.inf),
        ("-Infinity", -math.inf),
        ("1e400", math.inf),
        ("1e-400", 0.0),
        (".", None),
        ("e5", None),
        ("1_0.5", None),
        ("0x1p3", None),
        ("", None),
        ("1.5f", None),
    ],
)
def test_string_to_float(text, expected):
    r = Str.to_float(text)
    if expected is None:
        assert r is rt.NONE
    else:
        assert r == rt.Some(expected)
    nan = Str.to_float("NaN")
    assert isinstance(nan, rt.Some) and math.isnan(nan._0)


# ---- List ----


def test_list_functions():
    xs = [5, 3, 8, 1]
    assert L.sort(xs, lambda a, b: a - b) == [1, 3, 5, 8]
    assert xs == [5, 3, 8, 1]
    assert L.sort([(1, "b"), (0, "x"), (1, "a")], lambda a, b: a[0] - b[0]) == [
        (0, "x"),
        (1, "b"),
        (1, "a"),
    ]
    assert prelude.map(prelude.filter(xs, lambda x: x > 2), lambda x: x * 10) == [50, 30, 80]
    assert prelude.reduce(xs, 0, lambda a, x: a + x) == 17
    assert L.reduce([], 7, lambda a, x: a + x) == 7
    assert L.take(xs, 2) == [5, 3] and L.take(xs, -1) == [] and L.take(xs, 99) == xs
    assert L.drop(xs, 2) == [8, 1] and L.drop(xs, 0) == xs and L.drop(xs, 99) == []
    assert L.find(xs, lambda x: x > 6) == rt.Some(8)
    assert L.find(xs, lambda x: x > 60) is rt.NONE
    assert L.any([], lambda x: True) is False and L.all([], lambda x: False) is True
    assert L.contains(["a", "b"], "b") and not L.contains([], 1)
    assert L.zip([1, 2, 3], ["a", "b"]) == [(1, "a"), (2, "b")]
    assert L.enumerate(["a", "b"]) == [(0, "a"), (1, "b")]
    assert L.flat_map([1, 2], lambda x: [x, x]) == [1, 1, 2, 2]
    assert L.flatten([[1], [], [2, 3]]) == [1, 2, 3]
    assert L.append([1], 2) == [1, 2] and L.concat([1], [2]) == [1, 2]
    assert L.reverse([1, 2, 3]) == [3, 2, 1]
    assert L.head([1, 2]) == 1 and L.tail([1, 2]) == [2] and L.last([1, 2]) == 2
    assert L.get([1, 2], 1) == 2 and L.nth([1, 2], 0) == 1
    assert L.length([]) == 0 and L.new() == []
    assert L.collect(It.from_([1, 2])) == [1, 2]


def test_list_callbacks_in_order_once():
    seen = []
    L.map([1, 2, 3], lambda x: seen.append(x))
    assert seen == [1, 2, 3]
    seen.clear()
    L.any([1, 2, 3], lambda x: seen.append(x) or x == 2)
    assert seen == [1, 2]


def test_list_panics():
    assert panics(L.head, []) == "mesh_list_head: empty list"
    assert panics(prelude.head, []) == "mesh_list_head: empty list"
    assert panics(L.tail, []) == "mesh_list_tail: empty list"
    assert panics(prelude.tail, []) == "mesh_list_tail: empty list"
    assert panics(L.last, []) == "mesh_list_last: empty list"
    assert panics(L.get, [1, 2], 2) == "mesh_list_get: index 2 out of bounds (len 2)"
    assert panics(L.get, [1, 2], -1) == "mesh_list_get: index -1 out of bounds (len 2)"
    assert panics(L.nth, [], 0) == "mesh_list_get: index 0 out of bounds (len 0)"


# ---- Map ----


def test_map_spec_example():
    m = rt.make_map([("b", 2), ("a", 1)])
    m = M.put(m, "c", 3)
    m = M.put(m, "b", 20)
    m = M.delete(m, "a")
    assert rt.display(m) == "%{b => 20, c => 3}"
    assert M.size(m) == 2 and M.keys(m) == ["b", "c"] and M.values(m) == [20, 3]
    assert M.has_key(m, "c") and M.get(m, "c") == 3


def test_map_persistence():
    m0 = M.new()
    versions = [m0]
    m = m0
    for i in range(50):
        m = M.put(m, i, i)
        versions.append(m)
    m2 = M.delete(m, 10)
    m3 = M.put(m2, 10, 99)
    for i, v in enumerate(versions):
        assert M.size(v) == i
        assert M.keys(v) == list(range(i))
    assert M.keys(m2) == [i for i in range(50) if i != 10]
    assert M.keys(m3)[-1] == 10 and M.get(m3, 10) == 99
    assert M.get(m, 10) == 10 and M.keys(m) == list(range(50))
    assert M.size(M.delete(m0, 1)) == 0


def test_map_many_deletes_and_old_versions():
    m = M.from_list([(i, i) for i in range(200)])
    olds = []
    for i in range(0, 200, 2):
        olds.append(m)
        m = M.delete(m, i)
    assert M.keys(m) == list(range(1, 200, 2))
    assert M.keys(olds[0]) == list(range(200))
    assert M.keys(olds[50]) == [i for i in range(200) if i % 2 == 1 or i >= 100]
    m = M.put(m, 0, "z")
    assert M.keys(m)[-1] == 0


def test_map_other():
    a = rt.make_map([("x", 1), ("y", 2)])
    b = rt.make_map([("z", 3), ("x", 10)])
    assert rt.display(M.merge(a, b)) == "%{x => 10, y => 2, z => 3}"
    assert M.to_list(a) == [("x", 1), ("y", 2)]
    assert rt.display(M.from_list([("a", 1), ("b", 2), ("a", 3)])) == "%{a => 3, b => 2}"
    assert rt.display(M.collect(It.enumerate(It.from_([7, 9])))) == "%{0 => 7, 1 => 9}"
    assert list(a) == [("x", 1), ("y", 2)]  # iteration yields entries
    assert rt.display(M.delete(a, "nope")) == rt.display(a)


def test_map_get_missing():
    assert M.get(rt.make_map([("a", 1)]), "b") == 0
    assert M.get(rt.make_map([("a", "s")]), "b") == ""
    assert M.get(rt.make_map([("a", 1.5)]), "b") == 0.0
    assert M.get(M.new(), "b", 0) == 0
    assert panics(M.get, rt.make_map([("a", [1])]), "b") == "Map.get: key not found"


def test_map_structured_keys():
    m = M.put(M.put(M.new(), [1, 2], "a"), (1, [2]), "b")
    assert M.get(m, [1, 2]) == "a"
    assert M.has_key(m, (1, [2]))
    assert M.keys(m) == [[1, 2], (1, [2])]
    assert type(M.keys(m)[0]) is list
    assert rt.display(m) == "%{[1, 2] => a, (1, [2]) => b}"
    s = S.add(S.add(S.new(), rt.Some([1])), rt.Some([1]))
    assert S.size(s) == 1
    assert S.to_list(S.from_list([[1], [2], [1]])) == [[1], [2]]


def test_map_100k_updates_fast():
    import time

    t = time.perf_counter()
    m = M.new()
    for i in range(100_000):
        m = M.put(m, i, i)
    for i in range(100_000):
        m = M.put(m, i, M.get(m, i) + 1)
    assert M.size(m) == 100_000 and M.get(m, 99_999) == 100_000
    assert time.perf_counter() - t < 5


# ---- Set ----


def test_set_functions():
    s = S.add(S.add(S.new(), 3), 1)
    assert S.to_list(S.add(s, 3)) == [3, 1]
    assert S.contains(s, 1) and not S.contains(s, 2)
    assert S.size(S.remove(s, 3)) == 1 and S.size(S.remove(s, 9)) == 2
    a = S.from_list([1, 2, 3, 2])
    b = S.from_list([4, 3, 5])
    assert S.to_list(a) == [1, 2, 3]
    assert S.to_list(S.union(a, b)) == [1, 2, 3, 4, 5]
    assert S.to_list(S.intersection(a, b)) == [3]
    assert S.to_list(S.difference(a, b)) == [1, 2]
    assert S.to_list(S.collect(It.from_([2, 2, 1]))) == [2, 1]
    assert list(a) == [1, 2, 3]


# ---- Queue, Range, Tuple ----


def test_queue():
    q = Q.push(Q.push(Q.new(), 1), 2)
    x, rest = Q.pop(q)
    assert x == 1 and Q.peek(rest) == 2 and Q.size(rest) == 1
    assert Q.size(q) == 2 and Q.peek(q) == 1
    assert Q.is_empty(Q.new()) and not Q.is_empty(q)
    assert panics(Q.pop, Q.new()) == "mesh_queue_pop: empty queue"
    assert panics(Q.peek, Q.new()) == "mesh_queue_peek: empty queue"
    q3 = Q.push(rest, 3)
    assert rt.display(q3) == "Queue([2, 3])"
    assert Q.pop(Q.pop(q3)[1])[0] == 3


def test_range():
    r = R.new(1, 4)
    assert R.length(r) == 3 and R.length(R.new(10, 0)) == 0
    assert R.to_list(r) == [1, 2, 3] and R.to_list(R.new(5, 5)) == []
    assert R.map(r, lambda i: i * 2) == [2, 4, 6]
    assert R.filter(R.new(0, 6), lambda i: i % 2 == 0) == [0, 2, 4]
    assert list(rt.MeshRange(0, 3)) == [0, 1, 2]


def test_tuple():
    t = (1, "a", True)
    assert T.first(t) == 1 and T.second(t) == "a" and T.nth(t, 2) is True and T.size(t) == 3
    assert panics(T.nth, t, 3) == "mesh_tuple_nth: index 3 out of bounds (len 3)"


# ---- Iter ----


def test_iter():
    nums = [1, 2, 3, 4, 5, 6]
    evens = L.collect(It.map(It.filter(It.from_(nums), lambda x: x % 2 == 0), lambda x: x * 10))
    assert evens == [20, 40, 60]
    assert It.sum(It.take(It.skip(It.from_(nums), 1), 3)) == 9
    it = It.from_(nums)
    assert It.count(it) == 6 and It.count(it) == 0
    assert It.sum(It.from_([9223372036854775807, 1])) == -9223372036854775808
    assert It.find(It.from_(nums), lambda x: x > 4) == rt.Some(5)
    assert It.any(It.from_([]), lambda x: True) is False
    assert It.all(It.from_([]), lambda x: False) is True
    assert It.reduce(It.from_(["a", "b"]), "", lambda a, x: a + x) == "ab"
    assert L.collect(It.zip(It.from_([1, 2, 3]), It.from_("ab"))) == [(1, "a"), (2, "b")]
    assert L.collect(It.from_(rt.make_map([("a", 1)]))) == [("a", 1)]
    assert L.collect(It.from_(rt.MeshRange(0, 3))) == [0, 1, 2]
    assert L.collect(It.take(It.from_(nums), 0)) == []


def test_iter_laziness_order():
    log = []
    src = It.from_([1, 2])
    chain = It.filter(
        It.map(src, lambda x: log.append(("m", x)) or x), lambda x: log.append(("f", x)) or True
    )
    assert log == []
    L.collect(chain)
    assert log == [("m", 1), ("f", 1), ("m", 2), ("f", 2)]
    pulled = []

    def gen():
        for i in range(10):
            pulled.append(i)
            yield i

    assert L.collect(It.take(rt.MeshIter(gen()), 2)) == [0, 1]
    assert pulled == [0, 1]


# ---- Int / Float / Math ----


def test_numeric_conversions():
    assert I.to_float(3) == 3.0 and I.to_string(-5) == "-5"
    assert F.to_int(3.99) == 3 and F.to_int(-2.7) == -2
    assert F.to_int(float("nan")) == 0
    assert F.to_int(float("inf")) == 9223372036854775807
    assert F.to_int(-1e30) == -9223372036854775808
    assert F.from_(2) == 2.0


def test_math():
    assert Mt.abs(-5) == 5 and Mt.abs(-2.5) == 2.5
    assert Mt.abs(-9223372036854775808) == -9223372036854775808
    assert Mt.min(1, 2) == 1 and Mt.max(1, 2) == 2
    assert Mt.min(float("nan"), 1.0) == 1.0 and Mt.max(2.0, float("nan")) == 2.0
    assert Mt.pi == 3.141592653589793
    assert math.isnan(Mt.pow(-8.0, 0.5))
    assert Mt.pow(0.0, -1.0) == math.inf
    assert Mt.pow(2.0, 10.0) == 1024.0
    assert Mt.pow(10.0, 400.0) == math.inf
    assert math.isnan(Mt.sqrt(-1.0)) and Mt.sqrt(4.0) == 2.0
    assert Mt.floor(-2.3) == -3 and Mt.ceil(-2.7) == -2 and Mt.ceil(2.1) == 3
    assert [Mt.round(x) for x in (0.5, 2.5, -2.5, 3.4, -0.4, 1.5)] == [1, 3, -3, 3, 0, 2]
    assert Mt.floor(float("nan")) == 0 and Mt.round(float("inf")) == 9223372036854775807


def test_prelude_misc():
    assert prelude.compare(1, 2) is rt.LESS
    assert prelude.default("Float") == 0.0 and prelude.default("String") == ""
    assert panics(prelude.panic, "boom") == "boom"


def test_println_and_eprintln(capsys):
    prelude.println("héllo")
    prelude.print("x")
    rt.println("y")
    io.eprintln("err")
    out, err = capsys.readouterr()
    assert out == "héllo\nxy\n" and err == "err\n"


# ---- run_main (subprocess) ----


def _run(src, stdin=""):
    code = textwrap.dedent(src)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        timeout=120,
    )


def test_run_main_panic_exit_101():
    p = _run("""
        from mesh.runtime import core as rt
        def main():
            rt.println("before")
            rt.panic_at("main.mpl", 4, "boom")
        rt.run_main(main, "main.mpl")
    """)
    assert p.returncode == 101
    assert p.stdout == "before\n"
    assert p.stderr == "panic: Mesh panic at main.mpl:4: boom\n"


@pytest.mark.slow
def test_run_main_deep_recursion_and_overflow():
    p = _run("""
        import sys
        from mesh.runtime import core as rt
        def sum_to(n):
            if n == 0:
                return 0
            return n + sum_to(n - 1)
        def forever(n):
            return 1 + forever(n + 1)
        def main():
            rt.println(str(sum_to(100000)))
            forever(0)
        rt.run_main(main, "main.mpl")
    """)
    assert p.stdout == "5000050000\n"
    assert p.returncode == 101
    assert p.stderr == "panic: stack overflow\n"


def test_run_main_ok_and_read_line():
    p = _run(
        """
        from mesh.runtime import core as rt
        from mesh.runtime.stdlib import io
        def main():
            a = io.read_line(); b = io.read_line(); c = io.read_line()
            rt.println(rt.display([a, b, c]))
        rt.run_main(main, "main.mpl")
    """,
        stdin="one\r\ntwo",
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout == "[Ok(one), Ok(two), Ok()]\n"


def test_async_variants():
    import trio

    async def slow_double(x):
        await trio.sleep(0)
        return x * 2

    async def cmp(a, b):
        await trio.sleep(0)
        return a[0] - b[0]

    async def main():
        assert await L.map_async([1, 2], slow_double) == [2, 4]
        assert await L.map_async([1, 2], lambda x: x + 1) == [2, 3]
        assert await L.filter_async([1, 2, 3], lambda x: x != 2) == [1, 3]
        assert await L.reduce_async([1, 2, 3], 0, lambda a, x: slow_double(a + x)) == 22
        data = [(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")]
        assert await L.sort_async(data, cmp) == L.sort(data, lambda a, b: a[0] - b[0])
        assert await R.map_async(R.new(0, 3), slow_double) == [0, 2, 4]
        assert await It.find_async(It.from_([1, 5, 7]), lambda x: x > 4) == rt.Some(5)

    trio.run(main)
