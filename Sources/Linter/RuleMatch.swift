/// A rule that matched at a line, before the configuration gives it its level or turns it off: the
/// rules only say where, so a rule hadolint leaves off (DL3057) needs no level of its own.
struct RuleMatch {
    let rule: LintRule
    let line: Int
    /// What the message's `{…}` placeholder names: a label, the parser's complaint.
    var detail: String?
}
