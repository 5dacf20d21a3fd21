import ImageModel
import Testing

@Suite struct ImageReferenceTests {
    struct Good: Sendable, CustomTestStringConvertible {
        let input: String
        let full: String
        let familiar: String
        var testDescription: String { input }
    }

    @Test(arguments: [
        Good(input: "alpine", full: "docker.io/library/alpine:latest", familiar: "alpine:latest"),
        Good(input: "alpine:3.20", full: "docker.io/library/alpine:3.20", familiar: "alpine:3.20"),
        Good(input: "alice/app:1.0", full: "docker.io/alice/app:1.0", familiar: "alice/app:1.0"),
        Good(input: "docker.io/library/python:3.8-slim-buster", full: "docker.io/library/python:3.8-slim-buster", familiar: "python:3.8-slim-buster"),
        Good(input: "index.docker.io/library/nginx", full: "docker.io/library/nginx:latest", familiar: "nginx:latest"),
        Good(input: "localhost:5000/my-app", full: "localhost:5000/my-app:latest", familiar: "localhost:5000/my-app:latest"),
        Good(input: "localhost/app", full: "localhost/app:latest", familiar: "localhost/app:latest"),
        Good(input: "localhost", full: "docker.io/library/localhost:latest", familiar: "localhost:latest"),
        Good(input: "registry.example.com:443/team/a__b.c-d/e:V1.0_rc-2", full: "registry.example.com:443/team/a__b.c-d/e:V1.0_rc-2", familiar: "registry.example.com:443/team/a__b.c-d/e:V1.0_rc-2"),
        Good(input: "[::1]:5000/app", full: "[::1]:5000/app:latest", familiar: "[::1]:5000/app:latest"),
        Good(input: "alpine@sha256:\(String(repeating: "a", count: 64))", full: "docker.io/library/alpine@sha256:\(String(repeating: "a", count: 64))", familiar: "alpine@sha256:\(String(repeating: "a", count: 64))"),
    ])
    func normalizesAsDockerDoes(_ good: Good) throws {
        let reference = try ImageReference.parse(good.input).withDefaultTag
        #expect(reference.description == good.full)
        #expect(reference.familiarDescription == good.familiar)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let input: String
        let error: ImageReferenceError
        var testDescription: String { input }
    }

    @Test(arguments: [
        Bad(input: "MyApp", error: .uppercaseRepository("library/MyApp")),
        Bad(input: "alice/MyApp:1", error: .uppercaseRepository("alice/MyApp")),
        Bad(input: "my app", error: .invalidFormat),
        Bad(input: "app::1", error: .invalidFormat),
        Bad(input: "-app", error: .invalidFormat),
        Bad(input: "app:", error: .invalidFormat),
        Bad(input: "app:-x", error: .invalidFormat),
        Bad(input: "app:" + String(repeating: "t", count: 129), error: .invalidFormat),
        Bad(input: "a..b", error: .invalidFormat),
        Bad(input: "app/", error: .invalidFormat),
        Bad(input: "", error: .invalidFormat),
        Bad(input: String(repeating: "ab", count: 32), error: .hexadecimalName(String(repeating: "ab", count: 32))),
        Bad(input: "a/" + String(repeating: "b", count: 260), error: .nameTooLong),
        Bad(input: "app@sha256:abc", error: .invalidFormat),
        Bad(input: "app@md5:\(String(repeating: "a", count: 32))", error: .unsupportedDigestAlgorithm),
        Bad(input: "app@sha256:\(String(repeating: "a", count: 40))", error: .invalidDigestLength),
    ])
    func rejectsWithDockersMessage(_ bad: Bad) {
        #expect(throws: bad.error) { try ImageReference.parse(bad.input) }
    }

    @Test func tagsMayBeUpperCaseAndMaxLength() throws {
        #expect(try ImageReference.parse("app:" + String(repeating: "T", count: 128)).tag?.count == 128)
    }

    @Test func officialImagesAreLibraryOnHub() throws {
        #expect(try ImageReference.parse("python").isOfficial)
        #expect(try !ImageReference.parse("alice/python").isOfficial)
        #expect(try !ImageReference.parse("localhost:5000/python").isOfficial)
        #expect(try ImageReference.parse("uppercase-host.EXAMPLE/x").domain == "uppercase-host.EXAMPLE")
    }

    @Test func messagesReadAsDockers() {
        #expect(ImageReferenceError.uppercaseRepository("library/MyApp").message == "invalid reference format: repository name (library/MyApp) must be lowercase")
    }
}
