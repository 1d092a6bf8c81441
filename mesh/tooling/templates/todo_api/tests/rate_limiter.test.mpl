# The limiter's decision with an explicit clock, and the service itself.
from Services.RateLimiter import RateLimiter, Window, new_window, decide

# Feeds requests at the given times to a fresh window; which ones were allowed.
fn allowed_at(window_ms :: Int, max :: Int, times :: List<Int>) -> List<Bool> do
  let start :: (Window, List<Bool>) = (new_window(window_ms, max), [])
  let result = List.reduce(times, start, fn(acc, now) do
    case acc do
      (w, seen) -> case decide(w, now) do
        (updated, allowed) -> (updated, List.append(seen, allowed))
      end
    end
  end)
  case result do
    (_, seen) -> seen
  end
end

test("allows the budget, then refuses within the window") do
  assert_eq(allowed_at(1000, 2, [1000, 1001, 1002]), [true, true, false])
end

test("a new window restores the budget") do
  assert_eq(allowed_at(1000, 1, [1000, 1500, 2000, 2001]), [true, false, true, false])
end

test("the service answers per call") do
  let limiter = RateLimiter.start(60000, 2)
  assert(RateLimiter.allow(limiter))
  assert(RateLimiter.allow(limiter))
  assert(!RateLimiter.allow(limiter))
end
