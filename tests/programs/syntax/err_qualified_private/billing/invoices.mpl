fn secret() -> Int = 42

pub fn total() -> Int = 1
