import Shell
import SimulatedWorld

/// Makes every command of a session on `course` over `world`. Supplied from above the course
/// (`LayerlabCommandSet`), so the course can replay a reference solution in a session like the learner's
/// without depending on every command there is.
public typealias CommandSetMaker = @Sendable (Course, SimulatedWorld) -> [any ShellCommand]
