# Multi-clause functions compile to one function that matches its clauses in order.
fn fib(0) = 0
fn fib(1) = 1
fn fib(n) = fib(n - 1) + fib(n - 2)

fn greet("") = "hello, stranger"
fn greet(name) = "hello, #{name}"

fn main() do
  println("#{fib(10)}")
  println(greet(""))
  println(greet("ana"))
end
