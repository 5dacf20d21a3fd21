import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// `docker volume` and `-v`/`--mount` at the prompt, with the outputs of docker/cli v28.2.2
/// (cli/command/volume) and the daemon's errors (moby v28.2.2 daemon/volume/service).
@Suite struct VolumeCommandTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    static let pushAlpine = [
        "docker pull -q alpine:3.20",
        "docker tag alpine:3.20 localhost:5000/my-alpine:3.20",
        "docker push -q localhost:5000/my-alpine:3.20",
    ]

    /// What lesson 11 says: a named volume or a bind mount keeps a registry's images across
    /// `docker rm` and a new container; without one, the new container starts empty.
    @Test(arguments: ["regdata", "./regdata"])
    func aVolumeKeepsTheRegistrysImagesAcrossANewContainer(source: String) throws {
        let run = "docker run -d -p 5000:5000 -v \(source):/var/lib/registry --name registry registry:2"
        let (transcript, _) = try home.run([run] + Self.pushAlpine + ["docker rm -f registry", run, "curl http://localhost:5000/v2/_catalog"])
        #expect(transcript.hasSuffix("$ curl http://localhost:5000/v2/_catalog\n{\"repositories\":[\"my-alpine\"]}\n"), "\(transcript)")
    }

    @Test func aBindMountedRegistryWritesIntoTheWorkspaceFolder() throws {
        let (transcript, _) = try home.run(["docker run -d -p 5000:5000 -v ./regdata:/var/lib/registry registry:2"] + Self.pushAlpine + ["ls regdata"])
        #expect(transcript.hasSuffix("$ ls regdata\ndocker/\n"), "\(transcript)")
    }

    @Test func withoutAVolumeANewRegistryStartsEmpty() throws {
        let run = "docker run -d -p 5000:5000 --name registry registry:2"
        let (transcript, _) = try home.run([run] + Self.pushAlpine + ["docker rm -f registry", run, "curl http://localhost:5000/v2/_catalog", "docker volume ls -q"])
        #expect(transcript.contains("$ curl http://localhost:5000/v2/_catalog\n{\"repositories\":[]}\n"))
        // Each container had an anonymous volume; the first one's is dangling, not gone.
        let names = transcript.components(separatedBy: "$ docker volume ls -q\n").last?.split(separator: "\n") ?? []
        #expect(names.count == 2 && names.allSatisfy { $0.count == 64 }, "\(transcript)")
    }

    @Test func volumesAreListedInspectedAndRemovedAsDockerDoes() throws {
        let (transcript, _) = try home.run([
            "docker volume create regdata",
            "docker volume ls",
            "docker volume inspect --format '{{.Name}} {{.Driver}} {{.Mountpoint}}' regdata",
            "docker run -d -v regdata:/var/lib/registry --name registry registry:2",
            "docker volume rm regdata",
            "docker rm -f registry",
            "docker volume rm regdata",
            "docker volume rm regdata",
            "docker volume inspect regdata",
        ])
        #expect(transcript.contains("$ docker volume create regdata\nregdata\n"))
        #expect(transcript.contains("$ docker volume ls\nDRIVER    VOLUME NAME\nlocal     regdata\n"))
        #expect(transcript.contains("\nregdata local /var/lib/docker/volumes/regdata/_data\n"))
        #expect(transcript.contains("$ docker volume rm regdata\nError response from daemon: remove regdata: volume is in use - ["))
        #expect(transcript.contains("$ docker volume rm regdata\nregdata\n"))
        #expect(transcript.contains("$ docker volume rm regdata\nError response from daemon: get regdata: no such volume\n"))
        #expect(transcript.hasSuffix("$ docker volume inspect regdata\n[]\nError response from daemon: get regdata: no such volume\n"), "\(transcript)")
    }

    @Test func unusedVolumesArePruned() throws {
        let (transcript, _) = try home.run(["docker volume create kept", "docker volume create", "docker volume prune -f", "docker volume prune -a -f", "docker volume ls -q"])
        // Without -a only anonymous volumes go (Docker 23 and later).
        #expect(transcript.contains("$ docker volume prune -f\nDeleted Volumes:\n"))
        #expect(transcript.contains("$ docker volume prune -a -f\nDeleted Volumes:\nkept\n\nTotal reclaimed space: 0B\n"))
        #expect(transcript.hasSuffix("$ docker volume ls -q\n"))
    }

    @Test func mountFlagsAreReadAsDockerReadsThem() throws {
        let (transcript, _) = try home.run([
            "docker run -d --mount type=volume,source=regdata,target=/var/lib/registry registry:2",
            "docker run -d --mount type=volume,source=other registry:2",
            "docker run -d --mount type=bind,source=./nosuch,target=/auth registry:2",
            "docker run -v data:/data alpine:3.20 ls /data",
            "docker volume ls -q",
        ])
        #expect(transcript.contains("invalid argument \"type=volume,source=other\" for \"--mount\" flag: target is required"))
        #expect(transcript.contains("invalid mount config for type \"bind\": bind source path does not exist: "))
        #expect(transcript.contains("a volume (-v) in this container (only registry:2 keeps its files in one) is not simulated"))
        #expect(transcript.contains("$ docker volume ls -q\nregdata\n"), "\(transcript)")
    }

    @Test func dockerVolumeAloneListsItsCommands() throws {
        let (transcript, status) = try home.run(["docker volume"])
        #expect(status == 0)
        #expect(transcript.contains("Usage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create   "))
        #expect(transcript.contains("  rm       Remove one or more volumes\n"))
    }
}
