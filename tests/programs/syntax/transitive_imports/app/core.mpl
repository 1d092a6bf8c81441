from App.Util import twice

pub fn report(n :: Int) -> String = "twice #{n} is #{twice(n)}"
