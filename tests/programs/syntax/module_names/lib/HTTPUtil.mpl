pub fn tag() -> String = "http"
