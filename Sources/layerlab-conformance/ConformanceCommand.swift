import ArgumentParser
import Conformance
import Foundation

/// `make conformance`: layerlab against a real Docker engine, scenario by scenario.
@main
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerlab-conformance",
        abstract: "Run the conformance scenarios on layerlab and on a real Docker engine, and compare."
    )

    @Argument(help: "Run only the scenarios whose names start with these.")
    var only: [String] = []

    @Option(help: "The folder of *.scenario files.")
    var scenarios = "Conformance/scenarios"

    @Option(help: "The folder of the reference engine's recorded outputs.")
    var recordings = "Conformance/reference"

    @Option(help: "The documented differences.")
    var differences = "Conformance/differences.yaml"

    @Option(help: "The layerlab binary (default: the one built beside this program).")
    var layerlab: String?

    @Option(help: "The script that starts the reference engine.")
    var referenceTool = "../shared/tools/reference-docker"

    @Flag(help: "Compare with the recordings; do not start the reference engine.")
    var offline = false

    @Flag(help: "Rewrite the recordings from the live reference engine.")
    var record = false

    mutating func run() async throws {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = layerlab ?? here.appendingPathComponent("layerlab").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no layerlab binary at \(binary): build it first (swift build), or give --layerlab PATH")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-conformance-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let allScenarios = try ConformanceSuite.loadScenarios(from: URL(fileURLWithPath: scenarios))
        let chosen = only.isEmpty ? allScenarios : allScenarios.filter { scenario in only.contains { scenario.name.hasPrefix($0) } }
        let differenceText = try String(contentsOfFile: differences, encoding: .utf8)
        let documented = try DocumentedDifference.load(yaml: differenceText, file: differences)
        let suite = ConformanceSuite(
            scenarios: chosen,
            comparison: StepComparison(differences: documented),
            layerlab: LayerlabSide(binary: binary, scratch: scratch),
            recordings: URL(fileURLWithPath: recordings)
        )

        var reference = ConformanceSuite.Reference.recorded
        var referenceSource = "the recorded outputs in \(recordings) (run with the engine to compare live)"
        if !offline {
            // The engine is left running: Scripts/conformance stops it when it started it.
            do {
                let side = try await ReferenceSide.start(tool: referenceTool, scratch: scratch)
                try await suite.prepareReference(side)
                reference = .live(side, record: record)
                referenceSource = "the live reference engine (\(side.engineVersion))"
            } catch {
                guard !record else { throw error }
                referenceSource = "the recorded outputs in \(recordings): the reference engine could not start (\(error))"
            }
        }
        say("Reference: \(referenceSource)")
        var results: [ScenarioResult] = []
        for scenario in suite.scenarios {
            let result = await suite.run(scenario, against: reference)
            say(ConformanceReport.row(result))
            results.append(result)
        }

        let report = ConformanceReport(results: results, referenceSource: referenceSource)
        for detail in report.details { say("\n" + detail) }
        if case .live(_, record: false) = reference, !report.drifts.isEmpty {
            say("\nThe engine now answers differently from the recordings of:")
            for drift in report.drifts { say("  " + drift) }
            say("Record them again with `make conformance-record` (when the engine changed, not the machine's timing).")
        }
        let unused = report.unusedDifferences(of: documented)
        if only.isEmpty, !unused.isEmpty {
            say("\nDocumented differences no scenario needs any more (remove them from \(differences)): \(unused.joined(separator: ", "))")
        }
        say("")
        if !report.differingScenarios.isEmpty { say("Differing: " + report.differingScenarios.joined(separator: ", ")) }
        say(report.summary)
        if report.differing > 0 { throw ExitCode(1) }
    }

    /// Written at once, unbuffered: one row per scenario as it ends, also when the table goes to a file.
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
