import Builder
import Engine
import Foundation
import LayerStore
import Testing

/// Why `COPY --chown` matters once a Dockerfile switches to a user: COPY makes root's files unless
/// told otherwise, and a RUN as that user may not write beside them. On the reference engine
/// (DOCKER_BUILDKIT=0, FROM refbox:1): `COPY f.txt /app/`, `USER app`, `RUN echo x > /app/f` fails with
/// `/bin/sh: can't create /app/f: Permission denied` and code 1; with `COPY --chown=app` /app and the
/// file are app's and the RUN succeeds.
extension ImageBuilderTests {
    @Test func aRunAsTheUserWritesOnlyWhereCopyChownGaveThemFiles() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let refused = try build(try context([
            "Dockerfile": "FROM alpine:3.20\nRUN adduser -D app\nCOPY f.txt /app/\nUSER app\nRUN echo x > /app/f\n", "f.txt": "hello\n",
        ]), engine: engine)
        #expect(refused.image == nil)
        #expect(refused.failure?.hasSuffix("ERROR: failed to solve: process \"/bin/sh -c echo x > /app/f\" did not complete successfully: exit code: 1") == true)
        let logs = refused.events.compactMap { if case .log(_, let line, _) = $0 { line } else { nil } }
        #expect(logs.contains { $0.contains("/bin/sh: can't create /app/f: Permission denied") }, "\(logs)")

        // The folders WORKDIR makes after USER are the user's too (BuildKit's dispatchWorkdir).
        let dockerfile = "FROM alpine:3.20\nRUN adduser -D app\nCOPY --chown=app f.txt /app/\nUSER app\nRUN echo x > /app/f && echo y >> /app/f.txt\nWORKDIR /data\nRUN touch /data/y\n"
        let allowed = try build(try context(["Dockerfile": dockerfile, "f.txt": "hello\n"]), tags: ["allowed"], engine: engine)
        let image = try #require(allowed.image, "\(allowed.failure ?? "")")
        let view = UnionView(layers: try engine.images.layers(of: image))
        #expect(view.resolve("/app")?.entry.uid == 1000)
        #expect(view.resolve("/app/f")?.entry.uid == 1000)
        #expect(view.resolve("/app/f.txt")?.entry.kind == .file(.text("hello\ny\n")))
        #expect(view.resolve("/data/y")?.entry.uid == 1000)
    }
}
