pub fn vat_rate() -> Int = 20

pub fn round_cents(cents :: Int) -> Int = (cents + 50) / 100 * 100
