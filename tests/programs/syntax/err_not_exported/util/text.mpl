pub fn shout(s :: String) -> String = String.to_upper(s)
