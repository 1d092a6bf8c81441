# Spec 04 §8 (selective receive and `after`): a receive takes the first queued
# message that matches one of its patterns and leaves the others queued;
# `after 0` checks the mailbox without waiting.
#
# Prints `urgent: outage` then `routine: invoice`: the first receive skips the
# older `Routine` message and leaves it queued.

type Signal do
  Urgent(String)
  Routine(String)
end

actor triage() do
  Timer.sleep(50)
  let first = receive do
    Urgent(text) -> "urgent: #{text}"
  after 0 -> "no urgent mail" end
  println(first)
  let second = receive do
    Routine(text) -> "routine: #{text}"
    Urgent(text) -> "late urgent: #{text}"
  after 100 -> "idle" end
  println(second)
end

fn main() do
  let pid = spawn(triage)
  send(pid, Routine("invoice"))
  send(pid, Urgent("outage"))
end
