/// Which shell language a script is read as. `sh` (dash, BusyBox ash) reads POSIX's; bash reads its
/// own on top of it: `[[ … ]]`, arrays, `$'…'`, `<<<`, `&>`, `<(…)`, `function NAME`. The same text
/// means different things in each (`a=(x)` is bash's array and dash's syntax error), so the lexer
/// and the parser are told which one they read.
public enum ShellDialect: Sendable, Equatable {
    case posix
    case bash
}
