"""Static types of the `Test` module (spec 08 §7), same format as `stdlib_types.SIGNATURES`.
Python implementation: `mesh.runtime.stdlib.testing`.

`Test.mock_actor` is the public function (§7.3). The `Test.check_*`, `Test.guard_body`,
`Test.finish_body`, `Test.receive_timeout` and `Test.run_tests` entries are what the test-form
lowering of `*.test.mpl` files calls (mesh/compiler/testforms.py); they are not meant to be
written by hand.
"""

from __future__ import annotations

TEST_MODULES: dict[str, str] = {"Test": "testing"}

TEST_SIGNATURES: dict[str, str] = {
    "Test.mock_actor": "(Fun(String) -> String) -> Pid<String>",
    "Test.check_assert": "(Bool, String) -> ()",
    # (a == b, a, b, "src a, src b"); the equality is computed by generated code so that the
    # operand type must implement Eq.
    "Test.check_eq": "<T>(Bool, T, T, String) -> ()",
    "Test.check_ne": "<T>(Bool, T, T, String) -> ()",
    "Test.assert_raises": "<T>(Fun() -> T) -> ()",
    "Test.receive_timeout": "(String, Int) -> ()",
    "Test.guard_body": "<T>(Fun() -> T) -> Option<String>",
    "Test.finish_body": "(Option<String>) -> ()",
    "Test.run_tests": "(List<String>, List<Fun() -> ()>) -> ()",
}

TEST_SUSPENDING: frozenset[str] = frozenset(
    {
        "Test.assert_raises",
        "Test.guard_body",
        "Test.run_tests",
    }
)
