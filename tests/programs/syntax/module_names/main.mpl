import Lib.HTTPUtil
import V2Api.Helpers
from Services.RateLimiter import limit

fn main() do
  println("#{HTTPUtil.tag()} #{Helpers.tag()} #{limit()}")
end
