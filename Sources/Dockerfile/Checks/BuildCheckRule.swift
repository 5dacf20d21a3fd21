/// One of BuildKit's build checks, as its linter declares it (buildkit v0.22.0
/// frontend/dockerfile/linter/ruleset.go): the name `# check=skip=` takes, what the rule is about, where
/// Docker documents it, and whether it runs only when asked for with `# check=experimental=`.
///
/// BuildKit sends every finding at the same level (warning, level 1: builder/build.go warnOpts), so a rule
/// has no level of its own.
public struct BuildCheckRule: Hashable, Sendable {
    public let name: String
    public let description: String
    public let url: String
    public let isExperimental: Bool

    init(_ name: String, _ description: String, _ url: String, experimental: Bool = false) {
        self.name = name
        self.description = description
        self.url = url
        self.isExperimental = experimental
    }
}

extension BuildCheckRule {
    static let stageNameCasing = BuildCheckRule(
        "StageNameCasing", "Stage names should be lowercase", "https://docs.docker.com/go/dockerfile/rule/stage-name-casing/")
    static let fromAsCasing = BuildCheckRule(
        "FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword",
        "https://docs.docker.com/go/dockerfile/rule/from-as-casing/")
    static let noEmptyContinuation = BuildCheckRule(
        "NoEmptyContinuation", "Empty continuation lines will become errors in a future release",
        "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/")
    static let consistentInstructionCasing = BuildCheckRule(
        "ConsistentInstructionCasing", "All commands within the Dockerfile should use the same casing (either upper or lower)",
        "https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/")
    static let duplicateStageName = BuildCheckRule(
        "DuplicateStageName", "Stage names should be unique", "https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/")
    static let reservedStageName = BuildCheckRule(
        "ReservedStageName", "Reserved words should not be used as stage names",
        "https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/")
    static let jsonArgsRecommended = BuildCheckRule(
        "JSONArgsRecommended", "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/")
    static let maintainerDeprecated = BuildCheckRule(
        "MaintainerDeprecated", "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
        "https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/")
    static let undefinedArgInFrom = BuildCheckRule(
        "UndefinedArgInFrom", "FROM command must use declared ARGs", "https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/")
    static let workdirRelativePath = BuildCheckRule(
        "WorkdirRelativePath",
        "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
        "https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/")
    static let undefinedVar = BuildCheckRule(
        "UndefinedVar", "Variables should be defined before their use", "https://docs.docker.com/go/dockerfile/rule/undefined-var/")
    static let multipleInstructionsDisallowed = BuildCheckRule(
        "MultipleInstructionsDisallowed", "Multiple instructions of the same type should not be used in the same stage",
        "https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/")
    static let legacyKeyValueFormat = BuildCheckRule(
        "LegacyKeyValueFormat", "Legacy key/value format with whitespace separator should not be used",
        "https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/")
    static let redundantTargetPlatform = BuildCheckRule(
        "RedundantTargetPlatform", "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        "https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/")
    static let secretsUsedInArgOrEnv = BuildCheckRule(
        "SecretsUsedInArgOrEnv", "Sensitive data should not be used in the ARG or ENV commands",
        "https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/")
    static let invalidDefaultArgInFrom = BuildCheckRule(
        "InvalidDefaultArgInFrom", "Default value for global ARG results in an empty or invalid base image name",
        "https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/")
    static let fromPlatformFlagConstDisallowed = BuildCheckRule(
        "FromPlatformFlagConstDisallowed", "FROM --platform flag should not use a constant value",
        "https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/")
    static let copyIgnoredFile = BuildCheckRule(
        "CopyIgnoredFile", "Attempting to Copy file that is excluded by .dockerignore",
        "https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/", experimental: true)
}
