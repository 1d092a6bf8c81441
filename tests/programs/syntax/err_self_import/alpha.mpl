import Alpha

pub fn a() -> String = "a"
