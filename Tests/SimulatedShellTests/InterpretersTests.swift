import ImageCatalog
import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// Interpreters answer `--version` and one-liners that only print, with the image's own versions and
/// each language's arithmetic; an app or a script stays not simulated. (Expected outputs are CPython's
/// and Node's: `python3 -c 'print(7/2, 7//2, -7 % 3, 2**10)'` prints `3.5 3 2 1024`, and `node -e
/// 'console.log(7/2, 6/2, -7 % 3)'` prints `3.5 3 -1`, as both interpreters on this machine print them.)
@Suite struct InterpretersTests {
    func run(_ image: String, _ script: String) throws -> ShellProcess.Result {
        let reference = try ImageReference.parse(image)
        let image = try #require(ShellProcessTests.catalog.image(for: reference))
        let environment = Dictionary((image.config.env ?? []).map { entry in
            (String(entry.prefix { $0 != "=" }), String(entry.drop { $0 != "=" }.dropFirst()))
        }, uniquingKeysWith: { $1 })
        return ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: image.layers)), environment: environment).run(script: script)
    }

    @Test func versionsAreTheImagesOwn() throws {
        #expect(try run("python:3.12-slim", "python --version").standardOutput == "Python 3.12.7\n")
        #expect(try run("python:3.8-slim-buster", "python3 -V").standardOutput == "Python 3.8.16\n")
        #expect(try run("python", "python3.13 --version").standardOutput == "Python 3.13.0\n")
        #expect(try run("python:3.11-slim", "python --version").standardOutput == "Python 3.11.10\n")
        #expect(try run("node:20-alpine", "node --version").standardOutput == "v20.18.0\n")
        #expect(try run("node:lts", "node --version").standardOutput == "v22.11.0\n")
        #expect(try run("node:18", "node -v").standardOutput == "v18.20.4\n")
        #expect(try run("golang:1.23", "go version").standardOutput == "go version go1.23.2 linux/amd64\n")
        #expect(try run("golang:alpine", "go version").standardOutput == "go version go1.23.2 linux/amd64\n")
    }

    @Test func oneLinersThatOnlyPrintArePrinted() throws {
        #expect(try run("python:3.12-slim", "python -c 'print(7/2, 7//2, -7 % 3, 2**10); print(\"hi\" + \"!\")'").standardOutput == "3.5 3 2 1024\nhi!\n")
        #expect(try run("python:3.12-slim", "python3 -c 'print(4/2)'").standardOutput == "2.0\n")
        #expect(try run("node:20-alpine", "node -e 'console.log(7/2, 6/2, -7 % 3)'").standardOutput == "3.5 3 -1\n")
        #expect(try run("node:20-alpine", "node -p '6*7'").standardOutput == "42\n")
    }

    @Test func anythingElseIsNotSimulated() throws {
        let app = try run("python:3.12-slim", "python -c 'import os; print(os.getcwd())'")
        #expect(app.standardError.contains("`python` is not simulated"))
        let script = try run("node:20-alpine", "node server.js")
        #expect(script.standardError.contains("`node` is not simulated"))
    }
}
