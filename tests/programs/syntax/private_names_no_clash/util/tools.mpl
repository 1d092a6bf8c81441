fn helper() -> String = "tools helper"

pub fn run() -> String = helper()
