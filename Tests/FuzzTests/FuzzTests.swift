import Course
import Dockerfile
import Foundation
import LayerlabTestSupport
import LessonPack
import Linter
import ShellSyntax
import Testing

/// Every reader of untrusted text, fed mutated real inputs. A trap in any of them ends the test
/// process, so a pass means no input of the run crashed. CI runs a few thousand inputs per reader
/// (seconds); `Scripts/fuzz` runs many more with other seeds.
@Suite struct FuzzTests {
    static let dockerfileSeeds: [[UInt8]] = {
        var seeds = [
            "FROM python:3.8-slim-buster\nWORKDIR /app\nCOPY . /app\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 80\nENV NAME World\nCMD [\"python\", \"app.py\"]\n",
            "# syntax=docker/dockerfile:1\n# escape=`\nARG V=1\nFROM golang:1.22 AS build\nRUN <<EOF\nset -e\ngo build ./...\nEOF\nFROM scratch\nCOPY --from=build /out /\nONBUILD RUN echo hi\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
            "FROM alpine:3.20\r\nRUN apk add --no-cache curl \\\r\n\r\n\r\n  && echo b\r\nRUN false\r\nUSER app\n",
            "RUN apt-get update\nFROM a\nLABEL a=b c=\"d e\"\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN set -o pipefail; wget -O- x | tar x\n",
        ].map { Array($0.utf8) }
        if SharedCorpus.isAvailable {
            seeds += SharedCorpus.dockerfileCases.prefix(150).compactMap { name in
                FileManager.default.contents(atPath: SharedCorpus.root.appendingPathComponent("dockerfiles/\(name)/Dockerfile").path).map { Array($0) }
            }
        }
        return seeds
    }()

    /// Runs `body` on `count` mutations of the seeds.
    func fuzz(_ seeds: [[UInt8]], count: Int, salt: UInt64, _ body: ([UInt8]) -> Void) {
        var mutator = Mutator(seed: Mutator.seed ^ salt)
        for _ in 0..<Mutator.iterations(count) {
            let input = mutator.mutate(seeds[mutator.below(seeds.count)], splicing: seeds[mutator.below(seeds.count)])
            body(input)
        }
    }

    @Test func theDockerfileParserAndLinterTakeAnyText() {
        fuzz(Self.dockerfileSeeds, count: 500, salt: 1) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? DockerfileParser().parse(bytes)
            _ = try? DockerfileProgram.parse(text)
            _ = DockerfileLinter().lint(text)
        }
    }

    @Test func theIgnoreMatcherTakesAnyPatternsAndPaths() {
        let seeds = [
            "node_modules\n*.md\n!README.md\n**/.git\n/build/**\n[a-z]?x\\*\n",
            "docs\n!docs/README.md\n**\n!**/*.go\n# comment\n  spaced  \n",
        ].map { Array($0.utf8) }
        fuzz(seeds, count: 700, salt: 2) { bytes in
            let patterns = DockerignoreFile.patterns(from: String(decoding: bytes, as: UTF8.self))
            guard let matcher = try? DockerignoreMatcher(patterns: patterns) else { return }
            for path in ["a", "docs/README.md", "x/y/z.go", "node_modules/a/b", ".git/HEAD", String(decoding: bytes.prefix(40), as: UTF8.self)] {
                _ = try? matcher.isExcluded(path)
                _ = try? matcher.isExcludedClassic(path)
            }
        }
    }

    @Test func theShellLexerAndParserTakeAnyLine() {
        let seeds = [
            "docker rm $(docker ps -a -q -f status=exited)",
            "cat > Dockerfile <<'EOF'\nFROM alpine\nEOF",
            "V=1 echo \"a $B ${C:-d}\" 'e' `f` > g 2>&1 && h || i; while true; do :; done",
            "case $1 in a|b) x ;; *) y ;; esac; for f in *.txt; do echo \"$f\"; done; if [ -f x ]; then :; fi",
        ].map { Array($0.utf8) }
        fuzz(seeds, count: 3_000, salt: 3) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            _ = ShellLexer().tokenize(text)
            _ = try? ShellParser().parse(text)
        }
    }

    @Test func thePackReaderTakesAnyManifestAndLesson() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-pack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PackScaffold.write(to: folder, id: "fuzz")
        let lessonName = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".md") })
        let manifest = try Array(Data(contentsOf: folder.appendingPathComponent("pack.yaml")))
        let lesson = try Array(Data(contentsOf: folder.appendingPathComponent(lessonName)))
        let extra = Array("checks:\n  - image_size: {image: app, max: 9999999999GB}\n  - layer_count: {image: app, max: -1}\n  - efficiency: {image: a, min_score: 1e400}\n".utf8)
        fuzz([manifest, lesson, extra], count: 300, salt: 4) { bytes in
            let target = bytes.starts(with: Array("---".utf8)) || bytes.count == lesson.count ? lessonName : "pack.yaml"
            try? Data(bytes).write(to: folder.appendingPathComponent(target))
            _ = try? LessonPack.load(from: folder)
            try? Data(target == "pack.yaml" ? manifest : lesson).write(to: folder.appendingPathComponent(target))
        }
    }

    @Test func theClassReportTakesAnyExport() {
        let export = Array("""
        {
          "format": "layerlab-progress/1",
          "learner": "ada",
          "pack": "layerlab-docker-images",
          "exercises": [
            {"lesson": "a", "exercise": "one", "status": "completed", "attempts": 3, "hints_used": 1, "solution_viewed": false, "seconds_spent": 90},
            {"lesson": "b", "exercise": "two", "status": "not-started", "attempts": 9223372036854775807, "hints_used": 0, "seconds_spent": 0}
          ],
          "checksum": "sha256:00"
        }
        """.utf8)
        var inputs: [(String, Data)] = []
        fuzz([export], count: 2_000, salt: 5) { bytes in inputs.append(("x.json", Data(bytes))) }
        let report = ClassReport(exports: inputs)
        _ = report.table(unicode: true)
        _ = report.csv
        _ = report.html
        #expect(report.learners.count + report.skipped.count == inputs.count)
    }
}
