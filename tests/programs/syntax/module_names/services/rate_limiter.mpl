pub fn limit() -> Int = 5
