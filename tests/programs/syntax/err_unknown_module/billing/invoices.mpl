pub fn total() -> Int = 1
