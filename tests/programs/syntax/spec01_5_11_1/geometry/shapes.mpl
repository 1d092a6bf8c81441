pub fn square_area(side :: Int) -> Int = side * side
