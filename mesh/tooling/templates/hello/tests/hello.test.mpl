# `mesh test` runs every *.test.mpl file of the project. A test file may import any
# module of the project except main.mpl, so put the code you want to test in modules.

test("builds the greeting") do
  let who = "Mesh"
  assert_eq("Hello from #{who}!", "Hello from Mesh!")
end
