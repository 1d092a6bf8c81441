fn hidden() -> Int = 1

pub fn visible() -> Int = 2
