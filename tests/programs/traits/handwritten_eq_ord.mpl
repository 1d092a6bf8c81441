struct Version do
  major :: Int
  minor :: Int
  label :: String
end deriving()

impl Eq for Version do
  fn eq(self, other :: Version) -> Bool do
    self.major == other.major and self.minor == other.minor
  end
end

impl Ord for Version do
  fn lt(self, other :: Version) -> Bool do
    if self.major == other.major do
      self.minor < other.minor
    else
      self.major < other.major
    end
  end
end

fn main() do
  let a = Version { major: 1, minor: 2, label: "a" }
  let b = Version { major: 1, minor: 2, label: "b" }
  let c = Version { major: 1, minor: 10, label: "c" }
  let d = Version { major: 2, minor: 0, label: "d" }
  println("#{a == b} #{a != b} #{a == c} #{a != c}")
  println("#{a < c} #{c < a} #{c < d} #{d > c} #{a > b}")
  println("#{a <= b} #{a >= b} #{d <= c} #{c >= d}")
  println("#{compare(a, b)} #{compare(a, c)} #{compare(d, a)}")
  println("#{a.eq(c)} #{a.lt(c)}")
end
