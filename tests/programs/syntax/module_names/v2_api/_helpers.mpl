pub fn tag() -> String = "helpers"
