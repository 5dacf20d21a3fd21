/// One of hadolint's rules as layerlab checks it: its code, the level hadolint reports it at, and
/// hadolint's message, word for word (reports are compared with real hadolint's).
public struct LintRule: Sendable, Equatable {
    /// `DL3008`: what `# hadolint ignore=`, `.hadolint.yaml` and the reports call the rule.
    public let code: String
    /// nil is hadolint's `ignore`: the rule is reported only at a level a configuration gives it (DL3057).
    public let level: LintFinding.Level?
    /// Where a finding names what it is about (a label, the parser's complaint), the message holds a
    /// `{…}` placeholder for it.
    public let message: String

    init(_ code: String, _ level: LintFinding.Level?, _ message: String) {
        self.code = code
        self.level = level
        self.message = message
    }

    /// The rule with this code, if layerlab checks it.
    public static func named(_ code: String) -> LintRule? {
        byCode[code]
    }

    /// Duplicates keep the first rule rather than trap, so the catalogue's test can report them.
    static let byCode = Dictionary(catalogue.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// hadolint's rules that layerlab does not check (newer ones, retired ones: hadolint's
    /// src/Hadolint/Rule/ has a file for each). A configuration shared with hadolint may name them.
    static let uncheckedHadolintCodes: Set<String> = [
        "DL1001", "DL3005", "DL3017", "DL3031", "DL3039", "DL3063", "DL3068", "DL3069", "DL3070", "DL3071",
        "DL3072", "DL3073", "DL3074", "DL3075", "DL3076", "DL3077", "DL4007",
    ]

    /// Whether hadolint knows the code: a rule of layerlab's catalogue, one of hadolint's it does not
    /// check, or a ShellCheck code.
    static func isKnown(_ code: String) -> Bool {
        named(code) != nil || uncheckedHadolintCodes.contains(code) || isShellCheckCode(code)
    }

    /// ShellCheck's codes (`SC2086`): hadolint hands RUN scripts to ShellCheck, which layerlab does not
    /// run, so a configuration written for hadolint may name them.
    static func isShellCheckCode(_ code: String) -> Bool {
        let number = code.dropFirst(2)
        return code.hasPrefix("SC") && !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The message of one finding: `detail` in place of the `{…}` placeholder, when the message has one.
    func message(detail: String?) -> String {
        guard let detail, let open = message.firstIndex(of: "{"), let close = message[open...].firstIndex(of: "}") else { return message }
        var filled = message
        filled.replaceSubrange(open...close, with: detail)
        return filled
    }

    /// Every rule the linter reports, in code order.
    public static let catalogue: [LintRule] = [
        dl1000, dl3000, dl3001, dl3002, dl3003, dl3004, dl3006, dl3007, dl3008, dl3009,
        dl3010, dl3011, dl3012, dl3013, dl3014, dl3015, dl3016, dl3018, dl3019, dl3020,
        dl3021, dl3022, dl3023, dl3024, dl3025, dl3026, dl3027, dl3028, dl3029, dl3030,
        dl3032, dl3033, dl3034, dl3035, dl3036, dl3037, dl3038, dl3040, dl3041, dl3042,
        dl3043, dl3044, dl3045, dl3046, dl3047, dl3048, dl3049, dl3050, dl3051, dl3052,
        dl3053, dl3054, dl3055, dl3056, dl3057, dl3058, dl3059, dl3060, dl3061, dl3062,
        dl3064, dl3065, dl3066, dl3067, dl4000, dl4001, dl4003, dl4004, dl4005, dl4006,
    ]

    // The file does not parse: the message is the parser's.
    static let dl1000 = LintRule("DL1000", .error, "{parse error}")

    // Instructions and stages.
    static let dl3000 = LintRule("DL3000", .error, "Use absolute WORKDIR")
    static let dl3002 = LintRule("DL3002", .warning, "Last USER should not be root")
    static let dl3006 = LintRule("DL3006", .warning, "Always tag the version of an image explicitly")
    static let dl3007 = LintRule("DL3007", .warning, "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag")
    static let dl3010 = LintRule("DL3010", .info, "Use `ADD` for extracting archives into an image")
    static let dl3011 = LintRule("DL3011", .error, "Valid UNIX ports range from 0 to 65535")
    static let dl3012 = LintRule("DL3012", .error, "Multiple `HEALTHCHECK` instructions")
    static let dl3020 = LintRule("DL3020", .error, "Use COPY instead of ADD for files and folders")
    static let dl3021 = LintRule("DL3021", .error, "COPY with more than 2 arguments requires the last argument to end with /")
    static let dl3022 = LintRule("DL3022", .warning, "`COPY --from` should reference a previously defined `FROM` alias")
    static let dl3023 = LintRule("DL3023", .error, "`COPY --from` cannot reference its own `FROM` alias")
    static let dl3024 = LintRule("DL3024", .error, "FROM aliases (stage names) must be unique")
    static let dl3025 = LintRule("DL3025", .warning, "Use arguments JSON notation for CMD and ENTRYPOINT arguments")
    static let dl3026 = LintRule("DL3026", .error, "Use only an allowed registry in the FROM image")
    static let dl3029 = LintRule("DL3029", .warning, "Do not use --platform flag with FROM")
    static let dl3043 = LintRule("DL3043", .error, "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.")
    static let dl3044 = LintRule("DL3044", .error, "Do not refer to an environment variable within the same `ENV` statement where it is defined.")
    static let dl3045 = LintRule("DL3045", .warning, "`COPY` to a relative destination without `WORKDIR` set.")
    static let dl3048 = LintRule("DL3048", .style, "Invalid label key.")
    static let dl3057 = LintRule("DL3057", nil, "`HEALTHCHECK` instruction missing.")
    static let dl3061 = LintRule("DL3061", .error, "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.")
    static let dl3064 = LintRule("DL3064", .warning, "Potentially sensitive data should not be used in the `ARG` or `ENV` commands")
    static let dl3065 = LintRule("DL3065", .warning, "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior")
    static let dl3066 = LintRule("DL3066", .info, "Non-numeric user-id may not be resolvable by host system")
    static let dl3067 = LintRule("DL3067", .warning, "Do not copy an entire filesystem from another stage")
    static let dl4000 = LintRule("DL4000", .error, "MAINTAINER is deprecated")
    static let dl4003 = LintRule("DL4003", .warning, "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect")
    static let dl4004 = LintRule("DL4004", .error, "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect")

    // RUN scripts.
    static let dl3001 = LintRule("DL3001", .info, "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`")
    static let dl3003 = LintRule("DL3003", .warning, "Use WORKDIR to switch to a directory")
    static let dl3004 = LintRule("DL3004", .error, "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root")
    static let dl3008 = LintRule("DL3008", .warning, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`")
    static let dl3009 = LintRule("DL3009", .info, "Delete the apt lists (/var/lib/apt/lists) after installing something")
    static let dl3013 = LintRule("DL3013", .warning, "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`")
    static let dl3014 = LintRule("DL3014", .warning, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`")
    static let dl3015 = LintRule("DL3015", .info, "Avoid additional packages by specifying `--no-install-recommends`")
    static let dl3016 = LintRule("DL3016", .warning, "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`")
    static let dl3018 = LintRule("DL3018", .warning, "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`")
    static let dl3019 = LintRule("DL3019", .info, "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages")
    static let dl3027 = LintRule("DL3027", .warning, "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead")
    static let dl3028 = LintRule("DL3028", .warning, "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`")
    static let dl3030 = LintRule("DL3030", .warning, "Use the -y switch to avoid manual input `yum install -y <package>`")
    static let dl3032 = LintRule("DL3032", .warning, "`yum clean all` missing after yum command.")
    static let dl3033 = LintRule("DL3033", .warning, "Specify version with `yum install -y <package>-<version>`.")
    static let dl3034 = LintRule("DL3034", .warning, "Non-interactive switch missing from `zypper` command: `zypper install -y`")
    static let dl3035 = LintRule("DL3035", .warning, "Do not use `zypper dist-upgrade`.")
    static let dl3036 = LintRule("DL3036", .warning, "`zypper clean` missing after zypper use.")
    static let dl3037 = LintRule("DL3037", .warning, "Specify version with `zypper install -y <package>=<version>`.")
    static let dl3038 = LintRule("DL3038", .warning, "Use the -y switch to avoid manual input `dnf install -y <package>`")
    static let dl3040 = LintRule("DL3040", .warning, "`dnf clean all` missing after dnf command.")
    static let dl3041 = LintRule("DL3041", .warning, "Specify version with `dnf install -y <package>-<version>`.")
    static let dl3042 = LintRule("DL3042", .warning, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`")
    static let dl3046 = LintRule("DL3046", .warning, "`useradd` without flag `-l` and high UID will result in excessively large Image.")
    static let dl3047 = LintRule("DL3047", .info, "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).")
    static let dl3059 = LintRule("DL3059", .info, "Multiple consecutive `RUN` instructions. Consider consolidation.")
    static let dl3060 = LintRule("DL3060", .info, "`yarn cache clean` missing after `yarn install` was run.")
    static let dl3062 = LintRule("DL3062", .warning, "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`")
    static let dl4001 = LintRule("DL4001", .warning, "Either use Wget or Curl but not both")
    static let dl4005 = LintRule("DL4005", .warning, "Use SHELL to change the default shell")
    static let dl4006 = LintRule("DL4006", .warning, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check")

    // The label schema a configuration gives (DL3049–DL3058).
    static let dl3049 = LintRule("DL3049", .info, "Label `{label}` is missing.")
    static let dl3050 = LintRule("DL3050", .info, "Superfluous label(s) present.")
    static let dl3051 = LintRule("DL3051", .warning, "label `{label}` is empty.")
    static let dl3052 = LintRule("DL3052", .warning, "Label `{label}` is not a valid URL.")
    static let dl3053 = LintRule("DL3053", .warning, "Label `{label}` is not a valid time format - must conform to RFC3339.")
    static let dl3054 = LintRule("DL3054", .warning, "Label `{label}` is not a valid SPDX identifier.")
    static let dl3055 = LintRule("DL3055", .warning, "Label `{label}` is not a valid git hash.")
    static let dl3056 = LintRule("DL3056", .warning, "Label `{label}` does not conform to semantic versioning.")
    static let dl3058 = LintRule("DL3058", .warning, "Label `{label}` is not a valid email format - must conform to RFC5322.")
}
