import ImageCatalog
import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// The package managers and account tools leave the files real ones leave, so the layer sizes teach
/// the same lessons as real Docker (clean up in the same RUN, --no-cache-dir, --no-install-recommends).
@Suite struct PackageManagerTests {
    func process(_ image: String) throws -> ShellProcess {
        let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse(image))).layers
        return ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: ["HOME": "/root", "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    func layerSize(_ image: String, _ script: String) throws -> Int64 {
        let shell = try process(image)
        let result = shell.run(script: script)
        #expect(result.status == 0, "\(script): \(result.standardError)")
        return shell.fileSystem.changes.contentSize
    }

    @Test func aptListsStayInTheLayerUnlessRemovedInTheSameRun() throws {
        let kept = try layerSize("debian:bookworm-slim", "apt-get update && apt-get install -y curl")
        let cleaned = try layerSize("debian:bookworm-slim", "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*")
        let lean = try layerSize("debian:bookworm-slim", "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*")
        #expect(kept - cleaned > 15_000_000)
        #expect(cleaned > lean)
        #expect(lean > 1_000_000)
    }

    @Test func aptGetNeedsListsConfirmationAndRoot() throws {
        let noLists = try process("debian:bookworm-slim").run(script: "apt-get install -y curl")
        #expect(noLists.status == 100)
        #expect(noLists.standardError == "E: Unable to locate package curl\n")
        let unknown = try process("debian:bookworm-slim").run(script: "apt-get update >/dev/null && apt-get install -y nosuchthing")
        #expect(unknown.standardError == "E: Unable to locate package nosuchthing\n")
        let unconfirmed = try process("debian:bookworm-slim").run(script: "apt-get update >/dev/null && apt-get install curl")
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.standardOutput.hasSuffix("Do you want to continue? [Y/n] Abort.\n"))
        let shell = try process("debian:bookworm-slim")
        shell.user = ShellProcess.User(name: "nobody", uid: 65534, gid: 65534)
        #expect(shell.run(script: "apt-get update").status == 100)
    }

    @Test func installedProgramsCanBeRunAfterwards() throws {
        let shell = try process("debian:bookworm-slim")
        let result = shell.run(script: "apt-get update >/dev/null; apt-get install -y curl >/dev/null; command -v curl")
        #expect(result.standardOutput == "/usr/bin/curl\n")
        #expect(shell.run(script: "grep -c '^Package: curl' /var/lib/dpkg/status").standardOutput == "1\n")
    }

    @Test func apkNoCacheLeavesNoIndex() throws {
        let cached = try layerSize("alpine:3.20", "apk update && apk add curl")
        let noCache = try layerSize("alpine:3.20", "apk add --no-cache curl")
        #expect(cached - noCache > 2_000_000)
        let missing = try process("alpine:3.20").run(script: "apk add --no-cache nosuchthing")
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("ERROR: unable to select packages:\n  nosuchthing (no such package):"))
    }

    @Test func pipCacheIsWhatNoCacheDirSaves() throws {
        let script = "printf 'flask\\nrequests  # http\\n' > /tmp/requirements.txt && pip install -r /tmp/requirements.txt"
        let cached = try layerSize("python:3.12-slim", script)
        let noCache = try layerSize("python:3.12-slim", script + " --no-cache-dir")
        #expect(cached > noCache)
        let shell = try process("python:3.12-slim")
        let result = shell.run(script: "pip install --no-cache-dir requests")
        #expect(result.standardOutput.hasPrefix("Collecting "))
        #expect(result.standardOutput.contains("Successfully installed "))
        #expect(shell.fileSystem.children(of: "/root/.cache").isEmpty)
        let missing = try process("python:3.12-slim").run(script: "pip install -r missing.txt")
        #expect(missing.standardError == "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'missing.txt'\n")
    }

    @Test func npmInstallsThePackageJsonDependencies() throws {
        let shell = try process("node:20-alpine")
        let manifest = #"{"dependencies": {"express": "^4.19.0"}, "devDependencies": {"jest": "^29.0.0"}}"#
        let result = shell.run(script: "mkdir /app && cd /app && echo '\(manifest)' > package.json && npm install --omit=dev && ls node_modules")
        #expect(result.standardOutput == "\nadded 1 packages in 2s\nexpress\n")
        let ci = try process("node:20-alpine").run(script: "npm ci")
        #expect(ci.status == 1)
        #expect(ci.standardError.hasPrefix("npm ERR! code EUSAGE"))
    }

    @Test func downloadsAreNamedPlaceholdersNotFakes() throws {
        let shell = try process("debian:bookworm-slim")
        _ = shell.run(script: "apt-get update >/dev/null; apt-get install -y curl >/dev/null")
        let result = shell.run(script: "curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz && cat /tmp/tool.tgz")
        #expect(result.standardOutput == "layerlab does not download https://example.com/tool.tgz: this file stands in for it\n")
        #expect(result.standardError.contains("layerlab works offline"))
    }

    @Test func useraddThenTheUserExists() throws {
        let shell = try process("debian:bookworm-slim")
        let result = shell.run(script: "groupadd -r app && useradd -r -g app -m -d /home/app app && id app; ls -ld /home/app; useradd app")
        #expect(result.standardOutput.hasPrefix("uid=999(app) gid=999(app)"))
        #expect(result.standardOutput.contains("drwx------ 2 app app 4096 Jan  1  1970 /home/app"))
        #expect(result.standardError == "useradd: user 'app' already exists\n")
        #expect(shell.resolveUser("app")?.uid == 999)
    }

    @Test func busyboxAdduserOnAlpine() throws {
        let shell = try process("alpine:3.20")
        let result = shell.run(script: "addgroup -S app && adduser -S -G app app && grep '^app:' /etc/passwd")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("app:x:"))
        #expect(shell.resolveUser("app") != nil)
    }
}

extension PackageManagerTests {
    @Test func debianAdduserTakesLongOptions() throws {
        let shell = try process("debian:bookworm-slim")
        let result = shell.run(script: "adduser --system --group --home /srv/app --disabled-password --gecos '' app && id app && ls -ld /srv/app")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "uid=999(app) gid=999(app) groups=999(app)\ndrwxr-xr-x 2 app app 4096 Jan  1  1970 /srv/app\n")
    }
}

extension PackageManagerTests {
    @Test func goBuildWritesABinaryAndMakeRunsTheRecipes() throws {
        let shell = try process("golang:1.22")
        let setup = """
        export PATH=/usr/local/go/bin:$PATH
        mkdir -p /src && cd /src
        printf 'module example.com/hello\\n\\ngo 1.22\\n' > go.mod
        echo 'package main' > main.go
        printf 'CC := gcc\\nbuild: generate\\n\\t@echo building\\n\\tgo build -o /out/hello .\\ngenerate:\\n\\tcd /tmp && touch generated\\n\\tpwd\\n' > Makefile
        make && ls -l /out/hello && go version
        """
        let result = shell.run(script: setup)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "cd /tmp && touch generated\npwd\n/src\nbuilding\ngo build -o /out/hello .\n-rwxr-xr-x 1 root root 1900156 Jan  1  1970 /out/hello\ngo version go1.22.8 linux/amd64\n")
        let noGo = shell.run(script: "mkdir /empty && cd /empty && go build")
        #expect(noGo.standardError == "no Go files in /empty\n")
        let missing = shell.run(script: "cd /src && make deploy")
        #expect(missing.status == 2)
        #expect(missing.standardError == "make: *** No rule to make target 'deploy'.  Stop.\n")
        let failing = shell.run(script: "cd /tmp && printf 'all:\\n\\tfalse\\n' > Makefile && make")
        #expect(failing.standardError == "make: *** [Makefile: all] Error 1\n")
    }
}
