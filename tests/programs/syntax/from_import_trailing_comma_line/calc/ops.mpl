pub fn add(a :: Int, b :: Int) -> Int = a + b
pub fn mul(a :: Int, b :: Int) -> Int = a * b
