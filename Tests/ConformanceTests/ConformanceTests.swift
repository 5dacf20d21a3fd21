import Foundation
import Testing
@testable import Conformance

@Suite struct ScenarioParsingTests {
    @Test func stepsHeredocsAndSides() throws {
        let scenario = try Scenario.parse(name: "x", text: """
            # A title
            # a note
            layerlab$ docker run -d -p 5000:5000 registry:2
            $ cat > Dockerfile <<'EOF'
            FROM busybox
            $ not a step inside the heredoc
            EOF
            $ BUILDKIT_PROGRESS=plain docker build -t t .

            reference$ true
            """)
        #expect(scenario.title == "A title")
        #expect(scenario.steps.map(\.side) == [.layerlab, .both, .both, .reference])
        #expect(scenario.steps[1].command == "cat > Dockerfile <<'EOF'\nFROM busybox\n$ not a step inside the heredoc\nEOF")
        #expect(scenario.steps[2].line == 8)
        #expect(scenario.steps[2].verb == "build")
        #expect(scenario.steps[1].verb == "cat")
        #expect(scenario.comparedSteps.count == 2)
        #expect(!scenario.uses(registry: ScenarioStep.registryAddress))
        #expect(try Scenario.parse(name: "r", text: "# t\n$ docker push localhost:5000/app\n").uses(registry: ScenarioStep.registryAddress))
    }

    @Test func mistakesNameTheirLine() {
        #expect(throws: ScenarioError(file: "x", line: 2, message: "not a step: start commands with '$ ', 'layerlab$ ', 'reference$ ' or 'host$ '")) {
            try Scenario.parse(name: "x", text: "# t\ndocker images\n")
        }
        #expect(throws: ScenarioError(file: "x", line: 2, message: "heredoc never ends (no line 'EOF')")) {
            try Scenario.parse(name: "x", text: "# t\n$ cat > f <<EOF\nhi\n")
        }
        #expect(throws: ScenarioError(file: "x", line: 1, message: "no '# title' line")) {
            try Scenario.parse(name: "x", text: "$ docker images\n")
        }
        #expect(throws: ScenarioError(file: "x", line: 1, message: "no step is run on both sides ('$ ')")) {
            try Scenario.parse(name: "x", text: "# t\nlayerlab$ docker images\n")
        }
    }
}

@Suite struct NormalisationTests {
    @Test func idsDigestsTimesAndNamesBecomePlaceholders() {
        let output = StepOutput(stdout: """
            CONTAINER ID   IMAGE     COMMAND   CREATED          STATUS                      PORTS     NAMES
            3f1c2a9b8d7e   busybox   "true"    12 seconds ago   Exited (0) 11 seconds ago             eager_turing
            sha256:\(String(repeating: "ab", count: 32)) 2026-11-30T14:02:03.123456789Z

            """, stderr: "", status: 0)
        let normalised = OutputNormaliser.normalise(output, verb: "ps", workspace: "/tmp/w")
        #expect(normalised.lines.map(\.text) == [
            "out| CONTAINER ID  IMAGE  COMMAND  CREATED  STATUS  PORTS  NAMES",
            "out| <id>  busybox  \"true\"  <duration> ago  Exited (0) <duration> ago  <name>",
            "out| sha256:<digest> <timestamp>",
            "exit 0",
        ])
    }

    @Test func sizesAreComparedWithinTheTolerance() {
        func listing(_ size: String) -> NormalisedOutput {
            OutputNormaliser.normalise(StepOutput(stdout: "busybox   latest   \(size)\n", stderr: "", status: 0), verb: "images", workspace: "/w")
        }
        #expect(listing("4.26MB").lines[0].text == "out| busybox  latest  <size>")
        #expect(listing("4.26MB").matches(listing("4.4MB"), relativeTolerance: 0.10, absoluteSlack: 100))
        #expect(!listing("4.26MB").matches(listing("5.2MB"), relativeTolerance: 0.10, absoluteSlack: 100))
        // Small sizes differ by a few bytes of metadata: the absolute slack covers them.
        #expect(listing("3B").matches(listing("60B"), relativeTolerance: 0.10, absoluteSlack: 100))
        #expect(listing("4.26MB").text == "out| busybox  latest  4.26MB\nexit 0")
    }

    @Test func theWorkspaceFolderReadsAsTheLearnersOne() {
        let output = StepOutput(stdout: "", stderr: "open /tmp/ref-1/workspace/x: no such file\n", status: 1)
        #expect(OutputNormaliser.normalise(output, verb: "cat", workspace: "/tmp/ref-1/workspace").lines[0].text == "err| open /workspace/x: no such file")
    }
}

@Suite struct BuildProgressSummaryTests {
    /// BuildKit 0.8's plain progress, as the reference engine prints it.
    let buildKit08 = """
        #2 [internal] load .dockerignore
        #2 sha256:cdcaaf4be6b03b9ca8d57d1b7fd12f26ac103adbdeb8ba0df48cda0e9b40cc6e
        #2 transferring context: 2B done
        #2 DONE 0.0s

        #1 [internal] load build definition from Dockerfile
        #1 transferring dockerfile:
        #1 transferring dockerfile: 67B done
        #1 DONE 0.0s

        #5 [2/2] RUN echo hi
        #5 0.215 hi
        #5 DONE 0.3s

        #6 exporting to image
        #6 exporting layers
        #6 exporting layers 1.0s done
        #6 DONE 1.0s
        ------
         > [2/2] RUN false:
        ------
        """

    @Test func keepsWhatTheBuildDidAndDropsHowItWasScheduled() {
        #expect(BuildProgressSummary.lines(of: buildKit08) == [
            "[internal] load .dockerignore",
            "  transferring context: 2B done",
            "[internal] load build definition from Dockerfile",
            "  transferring dockerfile: 67B done",
            "[2/2] RUN echo hi",
            "  | hi",
            "exporting to image",
            "  exporting layers done",
            "------",
            " > [2/2] RUN false:",
            "------",
        ])
    }

    @Test func theOrderOfVerticesIsTheSameWhateverTheSchedule() {
        // Two schedules of one cached multi-stage build: BuildKit 0.8 printed either (the reference
        // engine did both on different machines), so both must read the same.
        let one = "#1 building with \"default\" instance using docker driver\n#3 [internal] load metadata for x\n#2 [internal] load build definition from Dockerfile\n#4 [build 1/2] FROM x\n#5 [internal] load build context\n#6 [stage-1 2/2] COPY --from=build /a /a\n#6 CACHED\n#7 [build 2/2] RUN make\n#7 CACHED\n#8 exporting to image\n"
        let other = "#1 building with \"default\" instance using docker driver\n#2 [internal] load build definition from Dockerfile\n#5 [internal] load build context\n#3 [internal] load metadata for x\n#4 [build 1/2] FROM x\n#7 [build 2/2] RUN make\n#7 CACHED\n#6 [stage-1 2/2] COPY --from=build /a /a\n#6 CACHED\n#8 exporting to image\n"
        let expected = [
            "building with \"default\" instance using docker driver",
            "[internal] load build context",
            "[internal] load build definition from Dockerfile",
            "[internal] load metadata for x",
            "[build 1/2] FROM x",
            "[build 2/2] RUN make",
            "  CACHED",
            "[stage-1 2/2] COPY --from=build /a /a",
            "  CACHED",
            "exporting to image",
        ]
        #expect(BuildProgressSummary.lines(of: one) == expected)
        #expect(BuildProgressSummary.lines(of: other) == expected)
    }

    @Test func aVertexInterruptedByAnotherReadsAsOneBlock() {
        // BuildKit's plain printer (progressui/printer.go) closes an unfinished vertex's block with
        // `#N ...` when another one prints, and heads its next block with the name again.
        let text = "#5 [2/3] RUN make\n#5 0.101 compiling\n#5 ...\n\n#6 [internal] load build context\n#6 DONE 0.0s\n\n#5 [2/3] RUN make\n#5 0.502 done\n#5 DONE 0.6s\n"
        #expect(BuildProgressSummary.lines(of: text) == [
            "[internal] load build context",
            "[2/3] RUN make",
            "  | compiling",
            "  | done",
        ])
    }
}

@Suite struct DocumentedDifferenceTests {
    let step = ScenarioStep(command: "docker build -t t .", side: .both, line: 7)

    @Test func rewritesOneSideAndCountsAsDocumented() throws {
        let differences = try DocumentedDifference.load(yaml: """
            - id: tag
              why: BuildKit 0.8 named the FROM step without its tag; v0.22 adds it.
              side: reference
              verbs: [build]
              replace: '^(err\\| \\[1/1\\] FROM [^:]+)$'
              with: '$1:latest'
            """, file: "d.yaml")
        let comparison = StepComparison(differences: differences)
        let reference = StepOutput(stdout: "", stderr: "#1 [1/1] FROM docker.io/library/busybox\n", status: 0)
        let layerlab = StepOutput(stdout: "", stderr: "#1 [1/1] FROM docker.io/library/busybox:latest\n", status: 0)
        let verdict = try comparison.compare(step: step, scenario: "s", reference: reference, referenceWorkspace: "/r", layerlab: layerlab, layerlabWorkspace: "/l")
        #expect(verdict == .documented(["tag"]))
        #expect(try comparison.compare(step: step, scenario: "s", reference: layerlab, referenceWorkspace: "/r", layerlab: layerlab, layerlabWorkspace: "/l")
            == .agree)
        let other = StepOutput(stdout: "", stderr: "#1 [1/1] FROM docker.io/library/alpine:latest\n", status: 0)
        guard case .differ = try comparison.compare(step: step, scenario: "s", reference: reference, referenceWorkspace: "/r", layerlab: other, layerlabWorkspace: "/l") else {
            Issue.record("a difference the catalogue does not describe must differ")
            return
        }
    }

    /// The engine answering one of the ways its own schedule allows is not a drift from its recording;
    /// any other change is, and says where.
    @Test func aRecordingDriftsOnlyBeyondWhatTheSchedulePermits() throws {
        let scenario = try Scenario.parse(name: "s", text: "# t\n$ docker build -t cfi .\n")
        func recording(_ from: String, _ copy: String) -> ReferenceRecording {
            let stderr = "#1 [internal] load metadata for docker.io/library/busybox:latest\n#1 DONE 0.0s\n\n#2 \(from)\n#2 DONE 0.0s\n\n#3 \(copy)\n#3 DONE 0.1s\n"
            return ReferenceRecording(scenario: "s", engine: "Docker 20.10", workspace: "/w", steps: [.init(command: "docker build -t cfi .", output: StepOutput(stdout: "", stderr: stderr, status: 0))])
        }
        let copy = "[stage-0 2/2] COPY --from=busybox /bin/busybox /copied-busybox"
        let recorded = recording("FROM docker.io/library/busybox:latest", copy)
        let rescheduled = recording("[stage-0 1/2] FROM docker.io/library/busybox", copy)
        let yaml = { (schedule: Bool) in """
            - id: shared-from
              why: stages on one base share a vertex whose name comes from whichever registers first
              side: both
              schedule: \(schedule)
              replace: '^err\\| (\\[[^\\]]+\\] )?FROM (\\S+?)(:latest)?$'
              with: 'err| (shared) FROM $2'
            """ }
        let scheduled = try DocumentedDifference.load(yaml: yaml(true), file: "d.yaml")
        #expect(try recorded.drift(from: rescheduled, scenario: scenario, differences: scheduled) == nil)
        let notScheduled = try DocumentedDifference.load(yaml: yaml(false), file: "d.yaml")
        #expect(try recorded.drift(from: rescheduled, scenario: scenario, differences: notScheduled)?.contains("line 2 `docker build -t cfi .`") == true)
        let changed = recording("FROM docker.io/library/busybox:latest", "[stage-0 2/2] COPY --from=busybox /bin/sh /copied-busybox")
        let drift = try recorded.drift(from: changed, scenario: scenario, differences: scheduled)
        #expect(drift?.hasSuffix("recorded «err| [stage-0 2/2] COPY --from=busybox /bin/busybox /copied-busybox», now «err| [stage-0 2/2] COPY --from=busybox /bin/sh /copied-busybox»") == true, "\(drift ?? "no drift")")
    }

    @Test func scopedToScenariosOrSingleSteps() throws {
        let difference = try #require(try DocumentedDifference.load(yaml: """
            - id: one-step
              why: only this step of that scenario differs, for a stated reason
              side: both
              scenarios: [s:7]
              drop: '.*'
            """, file: "d.yaml").first)
        #expect(difference.applies(to: step, in: "s"))
        #expect(!difference.applies(to: ScenarioStep(command: "docker build .", side: .both, line: 8), in: "s"))
        #expect(!difference.applies(to: step, in: "other"))
    }

    @Test func aDroppedLineTakesItsSizesOutOfTheComparison() throws {
        let difference = try #require(try DocumentedDifference.load(yaml: """
            - id: drop-sizes
              why: the transfer size is not compared in this step, for a stated reason
              side: layerlab
              replace: 'transferring context: <size>'
              with: 'transferring context'
            """, file: "d.yaml").first)
        let output = NormalisedOutput(lines: [.init("err|   transferring context: <size> done", sizes: [38])])
        #expect(try difference.rewrite(output).lines == [.init("err|   transferring context done", sizes: [])])
    }

    @Test func theCatalogueIsChecked() {
        let cases: [(String, String)] = [
            ("- {id: a, why: a reason long enough to count, side: both, drop: x}\n- {id: a, why: a reason long enough to count, side: both, drop: y}", "is listed twice"),
            ("- {id: a, why: a reason long enough to count, side: both}", "has no drop, replace or sort"),
            ("- {id: a, why: short, side: both, drop: x}", "needs a reason"),
            ("- {id: a, why: a reason long enough to count, side: both, drop: '(('}", "bad pattern"),
        ]
        for (yaml, problem) in cases {
            #expect {
                try DocumentedDifference.load(yaml: yaml, file: "d.yaml")
            } throws: { error in
                "\(error)".contains(problem) && "\(error)".hasPrefix("d.yaml: ")
            }
        }
    }
}

@Suite struct RecordingTests {
    @Test func aRecordingServesOnlyTheScenarioItWasMadeFrom() throws {
        let scenario = try Scenario.parse(name: "s", text: "# t\nlayerlab$ docker pull busybox\n$ docker images\n$ docker ps\n")
        let output = StepOutput(stdout: "x\n", stderr: "", status: 0)
        var recording = ReferenceRecording(scenario: "s", engine: "Docker 20.10", workspace: "/w", steps: [
            .init(command: "docker images", output: output), .init(command: "docker ps", output: output),
        ])
        #expect(recording.outputs(for: scenario) == [output, output])
        recording.steps[1].command = "docker ps -a"
        #expect(recording.outputs(for: scenario) == nil)
    }
}

/// The repository's own scenarios, differences and recordings: they parse, there are enough of them,
/// and every recording belongs to its scenario as it is now (so an offline run compares like with like).
@Suite struct RepositoryConformanceFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance")

    @Test func scenariosDifferencesAndRecordingsAgree() throws {
        let scenarios = try ConformanceSuite.loadScenarios(from: Self.root.appendingPathComponent("scenarios"))
        #expect(scenarios.count >= 80)
        let yaml = try String(contentsOf: Self.root.appendingPathComponent("differences.yaml"), encoding: .utf8)
        let differences = try DocumentedDifference.load(yaml: yaml, file: "differences.yaml")
        let names = Set(scenarios.map(\.name))
        for difference in differences {
            for scope in difference.scenarios ?? [] {
                let name = String(scope.split(separator: ":").first ?? "")
                #expect(names.contains(name), "\(difference.id) names a scenario that does not exist: \(scope)")
            }
        }
        for scenario in scenarios {
            let recording = ReferenceRecording.read(from: Self.root.appendingPathComponent("reference"), scenario: scenario.name)
            #expect(recording?.outputs(for: scenario) != nil, "\(scenario.name): record it again with `make conformance-record`")
        }
    }
}
