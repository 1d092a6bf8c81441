# `mesh test` runs every *.test.mpl file. `@cluster` functions are ordinary functions
# when called directly, so they can be tested without a cluster.
from Work import add

test("add is two") do
  assert_eq(add(), 2)
end
