import Builder
@testable import DockerCLI
import Testing

/// How `docker build` renders a build's events, as BuildKit v0.22.0's progressui does.
@Suite struct BuildProgressDisplayTests {
    /// printer.go, textMux.printVtx: a vertex interrupted before it finished is left with `#N ...` and
    /// named again when it goes on.
    @Test func anInterruptedVertexIsResumedUnderItsName() {
        let events: [BuildEvent] = [
            .started(vertex: 1, name: "[1/2] FROM docker.io/library/alpine:3.20@sha256:abc"),
            .status(vertex: 1, text: "resolve docker.io/library/alpine:3.20@sha256:abc done"),
            .started(vertex: 2, name: "[internal] load build context"),
            .status(vertex: 2, text: "transferring context: 45B done"),
            .completed(vertex: 2, seconds: "0.0"),
            .status(vertex: 1, text: "extracting sha256:def done"),
            .completed(vertex: 1, seconds: "0.0"),
        ]
        #expect(BuildProgressDisplay.plainLog(events) == """
        #0 building with "default" instance using docker driver

        #1 [1/2] FROM docker.io/library/alpine:3.20@sha256:abc
        #1 resolve docker.io/library/alpine:3.20@sha256:abc done
        #1 ...

        #2 [internal] load build context
        #2 transferring context: 45B done
        #2 DONE 0.0s

        #1 [1/2] FROM docker.io/library/alpine:3.20@sha256:abc
        #1 extracting sha256:def done
        #1 DONE 0.0s

        """)
    }

    /// A vertex that ends with the cancelled context's error (Ctrl-C during its RUN) reads CANCELED, in
    /// the plain log (printer.go) and the terminal's frame (display.go), and gets no error box.
    @Test func aCancelledStepReadsCanceledWithoutAnErrorBox() {
        let events: [BuildEvent] = [
            .started(vertex: 1, name: "[1/2] FROM docker.io/library/alpine:3.20"),
            .cached(vertex: 1),
            .started(vertex: 2, name: "[2/2] RUN sleep 100"),
            .log(vertex: 2, line: "waiting", seconds: 0.1),
            .failed(vertex: 2, message: "context canceled"),
        ]
        let plain = BuildProgressDisplay.plain.render(events)
        #expect(plain.hasSuffix("#2 [2/2] RUN sleep 100\n#2 0.100 waiting\n#2 CANCELED\n"), "\(plain)")
        #expect(!plain.contains("ERROR") && !plain.contains("------"))
        let frame = BuildProgressDisplay.tty(width: 60).render(events)
        #expect(frame.contains(" => CANCELED [2/2] RUN sleep 100"), "\(frame)")
        #expect(!frame.contains("ERROR") && !frame.contains("------"))
    }

    /// display.go, printErrorLogs after the progress: the failed vertex's name and its log lines with
    /// their times; the plain printer keeps the last 10 (`logsBufferSize`), the terminal display all.
    @Test func aFailedStepsLogsFollowTheProgressWithTheirTimes() {
        var events: [BuildEvent] = [.started(vertex: 1, name: "[2/2] RUN ./build.sh")]
        for line in 1...12 { events.append(.log(vertex: 1, line: "line \(line)", seconds: 0.1 + 0.01 * Double(line - 1))) }
        events.append(.failed(vertex: 1, message: "process \"/bin/sh -c ./build.sh\" did not complete successfully: exit code: 1"))
        let plain = BuildProgressDisplay.plain.render(events)
        #expect(plain.hasSuffix("------\n > [2/2] RUN ./build.sh:\n" + (3...12).map { "\(BuildProgressDisplay.logTime(0.1 + 0.01 * Double($0 - 1))) line \($0)\n" }.joined() + "------\n"))
        #expect(plain.contains("#1 0.100 line 1\n"), "the progress itself shows every line")
        let tty = BuildProgressDisplay.tty(width: 80).render(events)
        #expect(tty.contains(" > [2/2] RUN ./build.sh:\n0.100 line 1\n0.110 line 2\n"))
    }

    /// display.go: three decimals below 10 s, two below 100 s, then one.
    @Test func logTimesNarrowAsTheyGrow() {
        #expect(BuildProgressDisplay.logTime(0.1) == "0.100")
        #expect(BuildProgressDisplay.logTime(12.5) == "12.50")
        #expect(BuildProgressDisplay.logTime(150.26) == "150.3")
    }
}
