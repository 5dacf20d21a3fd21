import Foundation
import LayerlabBasics
@testable import Engine
import Testing

/// `-u` with a number passwd does not list, on `docker run` and `docker exec`: the process runs in
/// group 0 with `/` as its home, and files answer to that user (recorded on the reference engine:
/// `docker run --rm -u 1234 refbox:1 sh -c 'id; echo $HOME'` prints `uid=1234 gid=0(root) groups=0(root)`
/// and `/`; `docker run --rm -u nobody refbox:1 sh -c 'mkdir /opt/x'` is refused).
extension ContainerTests {
    @Test func numericUsersRunAndExecWithoutAPasswdEntry() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        let run = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", command: ["sh", "-c", "id; echo $HOME; mkdir /opt/x"], user: "1234")).id)
        #expect(run.logs.combined == "uid=1234 gid=0(root) groups=0(root)\n/\nmkdir: can't create directory '/opt/x': Permission denied\n")
        #expect(run.state == .exited(code: 1, at: clock.now))
        let running = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", command: ["sleep", "1000"])).id)
        let exec = try engine.exec(running.id, command: ["sh", "-c", "touch /tmp/a && id -u && touch /root/b"], user: "1234")
        #expect(exec.standardOutput == "1234\n")
        #expect(exec.standardError == "touch: /root/b: Permission denied\n")
        let container = try #require(engine.container(running.id))
        let file = try #require(try engine.fileSystem(for: container).entry(at: "/tmp/a"))
        #expect((file.uid, file.gid) == (1234, 0))
    }
}
