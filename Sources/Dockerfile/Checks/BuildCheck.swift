import GoSemantics

/// What one build check found, with the words BuildKit's rule formats it in (buildkit v0.22.0
/// frontend/dockerfile/linter/ruleset.go, each rule's `Format`). Instructions are named as written
/// (`env`, `Cmd`), as BuildKit names them (`Command.Name()` keeps the source's case).
public enum BuildCheck: Equatable, Sendable {
    case stageNameCasing(stageName: String)
    case fromAsCasing(from: String, asKeyword: String)
    case noEmptyContinuation
    case consistentInstructionCasing(instruction: String, casing: String)
    case duplicateStageName(String)
    case reservedStageName(String)
    case jsonArgsRecommended(instruction: String)
    case maintainerDeprecated
    case undefinedArgInFrom(name: String, suggestion: String?)
    case workdirRelativePath(String)
    case undefinedVar(name: String, suggestion: String?)
    case multipleInstructionsDisallowed(instruction: String)
    case legacyKeyValueFormat(instruction: String)
    case redundantTargetPlatform(String)
    case secretsUsedInArgOrEnv(instruction: String, key: String)
    case invalidDefaultArgInFrom(baseName: String)
    case fromPlatformFlagConstDisallowed(platform: String)
    /// `command` is `Copy` or `Add`.
    case copyIgnoredFile(command: String, file: String)

    public var rule: BuildCheckRule {
        switch self {
        case .stageNameCasing: .stageNameCasing
        case .fromAsCasing: .fromAsCasing
        case .noEmptyContinuation: .noEmptyContinuation
        case .consistentInstructionCasing: .consistentInstructionCasing
        case .duplicateStageName: .duplicateStageName
        case .reservedStageName: .reservedStageName
        case .jsonArgsRecommended: .jsonArgsRecommended
        case .maintainerDeprecated: .maintainerDeprecated
        case .undefinedArgInFrom: .undefinedArgInFrom
        case .workdirRelativePath: .workdirRelativePath
        case .undefinedVar: .undefinedVar
        case .multipleInstructionsDisallowed: .multipleInstructionsDisallowed
        case .legacyKeyValueFormat: .legacyKeyValueFormat
        case .redundantTargetPlatform: .redundantTargetPlatform
        case .secretsUsedInArgOrEnv: .secretsUsedInArgOrEnv
        case .invalidDefaultArgInFrom: .invalidDefaultArgInFrom
        case .fromPlatformFlagConstDisallowed: .fromPlatformFlagConstDisallowed
        case .copyIgnoredFile: .copyIgnoredFile
        }
    }

    /// The rule's message for this finding.
    public var message: String {
        switch self {
        case .stageNameCasing(let name):
            "Stage name '\(name)' should be lowercase"
        case .fromAsCasing(let from, let asKeyword):
            "'\(asKeyword)' and '\(from)' keywords' casing do not match"
        case .noEmptyContinuation:
            "Empty continuation line"
        case .consistentInstructionCasing(let instruction, let casing):
            "Command '\(instruction)' should match the case of the command majority (\(casing))"
        case .duplicateStageName(let name):
            "Duplicate stage name \(GoQuote.string(name)), stage names should be unique"
        case .reservedStageName(let name):
            "Stage name should not use the same name as reserved stage \(GoQuote.string(name))"
        case .jsonArgsRecommended(let instruction):
            "JSON arguments recommended for \(instruction) to prevent unintended behavior related to OS signals"
        case .maintainerDeprecated:
            "Maintainer instruction is deprecated in favor of using label"
        case .undefinedArgInFrom(let name, let suggestion):
            "FROM argument '\(name)' is not declared" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
        case .workdirRelativePath(let path):
            "Relative workdir \(GoQuote.string(path)) can have unexpected results if the base image changes"
        case .undefinedVar(let name, let suggestion):
            "Usage of undefined variable '$\(name)'" + (suggestion.map { " (did you mean $\($0)?)" } ?? "")
        case .multipleInstructionsDisallowed(let instruction):
            "Multiple \(instruction) instructions should not be used in the same stage because only the last one will be used"
        case .legacyKeyValueFormat(let instruction):
            "\"\(instruction) key=value\" should be used instead of legacy \"\(instruction) key value\" format"
        case .redundantTargetPlatform(let platform):
            "Setting platform to predefined \(platform) in FROM is redundant as this is the default behavior"
        case .secretsUsedInArgOrEnv(let instruction, let key):
            "Do not use ARG or ENV instructions for sensitive data (\(instruction) \(GoQuote.string(key)))"
        case .invalidDefaultArgInFrom(let baseName):
            "Default value for ARG \(baseName) results in empty or invalid base image name"
        case .fromPlatformFlagConstDisallowed(let platform):
            "FROM --platform flag should not use constant value \(GoQuote.string(platform))"
        case .copyIgnoredFile(let command, let file):
            "Attempting to \(command) file \(GoQuote.string(file)) that is excluded by .dockerignore"
        }
    }
}
