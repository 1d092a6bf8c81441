type Score = Points
type Roster = List<Player>
type Points = Int

struct Player do
  name :: String
  score :: Score
end deriving(Display)

fn best(r :: Roster) -> Points do
  List.reduce(r, 0, fn(acc, p) -> if p.score > acc do p.score else acc end end)
end

fn main() do
  let r :: Roster = [Player { name: "a", score: 3 }, Player { name: "b", score: 9 }]
  println("#{best(r)} #{r}")
end
