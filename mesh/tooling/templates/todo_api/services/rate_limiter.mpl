# A fixed-window rate limiter for writes: at most `max_requests` per window of
# `window_ms` milliseconds, counted across all clients. It is a service, so requests
# served concurrently update one count in turn.

pub struct Window do
  window_ms :: Int
  max_requests :: Int
  started_ms :: Int
  count :: Int
end

pub fn new_window(window_ms :: Int, max_requests :: Int) -> Window do
  Window { window_ms: window_ms, max_requests: max_requests, started_ms: 0, count: 0 }
end

# Pure decision, kept outside the service so tests can drive it with any clock:
# the new window state and whether the request at `now_ms` is allowed.
pub fn decide(w :: Window, now_ms :: Int) -> (Window, Bool) do
  let current = if now_ms - w.started_ms >= w.window_ms do
    Window { window_ms: w.window_ms, max_requests: w.max_requests, started_ms: now_ms, count: 0 }
  else
    w
  end
  if current.count < current.max_requests do
    (Window { window_ms: current.window_ms, max_requests: current.max_requests, started_ms: current.started_ms, count: current.count + 1 }, true)
  else
    (current, false)
  end
end

service RateLimiter do
  fn init(window_ms :: Int, max_requests :: Int) -> Window do
    new_window(window_ms, max_requests)
  end

  call Allow() :: Bool do |w|
    decide(w, DateTime.to_unix_ms(DateTime.utc_now()))
  end
end
