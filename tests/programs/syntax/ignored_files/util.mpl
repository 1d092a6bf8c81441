pub fn name() -> String = "util"
