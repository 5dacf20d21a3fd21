import Foundation
import LayerlabTestSupport
import Testing

/// A registry:2 container that `layerlab daemon` runs answers on its real published port (issue 19):
/// curl reads its API, the real Docker CLI's pushes land there, skopeo copies a `docker save` archive
/// into it and inspects it, and an image another tool pushed comes back with the same ID. The port
/// closes with the container. (Checked by hand against the reference engine as well: its dockerd
/// pushes refbox:1 to layerlab's registry, pulls it back, and layerlab pulls it with the ID dockerd gives.)
extension RealDockerCLITests {
    func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aRegistryContainerAnswersRealClientsOnItsPort() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        let port = try HeldPort.free()
        #expect(try docker(["run", "-d", "--name", "reg", "-p", "\(port):5000", "registry:2"], socket: socket).status == 0)
        _ = try docker(["pull", "-q", "alpine:3.20"], socket: socket)
        _ = try docker(["tag", "alpine:3.20", "localhost:\(port)/mine:1"], socket: socket)
        #expect(try docker(["push", "-q", "localhost:\(port)/mine:1"], socket: socket).status == 0)
        // The listener starts as the container does; give it a moment to bind.
        var catalog = ""
        for _ in 0..<50 where !catalog.contains("mine") {
            catalog = try run("curl", ["-s", "http://127.0.0.1:\(port)/v2/_catalog"]).output
            if !catalog.contains("mine") { usleep(100_000) }
        }
        #expect(catalog == "{\"repositories\":[\"mine\"]}\n")
        #expect(try run("curl", ["-sI", "http://127.0.0.1:\(port)/v2/"]).output.contains("Docker-Distribution-Api-Version: registry/2.0"))
        if (try? run("skopeo", ["--version"]))?.status == 0 {
            let archive = home.appendingPathComponent("alpine.tar").path
            #expect(try docker(["save", "-o", archive, "alpine:3.20"], socket: socket).status == 0)
            let copied = try run("skopeo", ["copy", "--dest-tls-verify=false", "docker-archive:\(archive)", "docker://127.0.0.1:\(port)/copied:1"])
            #expect(copied.status == 0, "\(copied.output)")
            let inspected = try run("skopeo", ["inspect", "--tls-verify=false", "docker://127.0.0.1:\(port)/copied:1"])
            #expect(inspected.output.contains("\"Architecture\": \"amd64\""), "\(inspected.output)")
            // skopeo compressed the layer itself: layerlab pulls its blob and finds the same image.
            #expect(try docker(["pull", "-q", "localhost:\(port)/copied:1"], socket: socket).status == 0)
            let ids = try docker(["images", "--format", "{{.ID}}", "--no-trunc", "localhost:\(port)/copied"], socket: socket).output
            let alpine = try docker(["images", "--format", "{{.ID}}", "--no-trunc", "alpine:3.20"], socket: socket).output
            #expect(ids == alpine)
        }
        #expect(try docker(["stop", "reg"], socket: socket).status == 0)
        var closed = false
        for _ in 0..<50 where !closed {
            closed = try run("curl", ["-s", "--max-time", "1", "http://127.0.0.1:\(port)/v2/"]).status != 0
            if !closed { usleep(100_000) }
        }
        #expect(closed, "the port closes with the container")
    }
}

extension RealDockerCLITests {
    /// While the API is served, a registry:2 container listens on its published port for real, so
    /// one whose port another program holds fails to start as Docker 28 does (moby v28.2.2
    /// libnetwork/drivers/bridge/port_mapping_linux.go, bindTCPOrUDP): `docker run` exits 125 and
    /// the container stays created.
    @Test func aRegistryWhosePortAnotherProgramHoldsDoesNotStart() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let holder = try #require(HeldPort(), "a port is free to hold")
        let port = holder.port
        defer { holder.release() }
        let (daemon, socket) = try startDaemon()
        defer { stop(daemon) }
        #expect(try docker(["pull", "-q", "registry:2"], socket: socket).status == 0)
        let run = try docker(["run", "-d", "--name", "reg", "-p", "\(port):5000", "registry:2"], socket: socket)
        let id = try docker(["ps", "-aq", "--no-trunc", "--filter", "name=reg"], socket: socket).output.trimmingCharacters(in: .newlines)
        #expect(run.status == 125)
        #expect(run.error == "docker: Error response from daemon: driver failed programming external connectivity on endpoint reg (\(id)): "
            + "failed to bind host port for 0.0.0.0:\(port):172.17.0.2:5000/tcp: address already in use\n\nRun 'docker run --help' for more information\n")
        #expect(try docker(["ps", "-a", "--format", "{{.State}}", "--filter", "name=reg"], socket: socket).output == "created\n")
        // Once the port is free, the same container starts and answers on it.
        holder.release()
        #expect(try docker(["start", "reg"], socket: socket).status == 0)
    }
}
