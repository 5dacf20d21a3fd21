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
        // The lists measure 19.9 MB on a bookworm machine after `apt-get update` (main, updates, security).
        #expect(kept - cleaned > 19_000_000)
        #expect(cleaned > lean)
    }

    /// Recorded on the reference engine: a debootstrap --variant=minbase bookworm rootfs slimmed as
    /// debuerreotype slims debian:bookworm-slim (the same 88 packages), then `apt-get install -y
    /// --no-install-recommends curl ca-certificates` with the archives of the day: 18 new packages,
    /// "Need to get 5846 kB", "After this operation, 14.8 MB", and a layer of 14,470,464 bytes
    /// (docker history: 14.5MB). The layer counts the files less the slim image's excluded docs,
    /// dpkg's database and debconf's rewritten templates.
    @Test func curlOnBookwormSlimAddsWhatRealAptAdds() throws {
        let shell = try process("debian:bookworm-slim")
        let result = shell.run(script: "apt-get update >/dev/null && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*")
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("""
        The following NEW packages will be installed:
          ca-certificates curl libbrotli1 libcurl4 libgssapi-krb5-2 libk5crypto3
          libkeyutils1 libkrb5-3 libkrb5support0 libldap-2.5-0 libnghttp2-14 libpsl5
          librtmp1 libsasl2-2 libsasl2-modules-db libssh2-1 libssl3 openssl
        0 upgraded, 18 newly installed, 0 to remove and 0 not upgraded.

        """))
        #expect(output.contains("Recommended packages:\n  "))
        #expect(output.contains("Need to get 5846 kB of archives.\nAfter this operation, 14.8 MB of additional disk space will be used.\n"))
        #expect(output.contains(" http://deb.debian.org/debian bookworm/main amd64 curl amd64 7.88.1-10+deb12u15 [316 kB]\n"))
        #expect(output.contains("Unpacking libssl3:amd64 ("))
        #expect(output.contains("Setting up curl ("))
        // Within 15 %: layerlab's dpkg database holds the new packages' records only (the catalog's slim
        // image has no readable status of its 88 packages to rewrite), about 1.5 MB short of the real layer.
        let added = shell.fileSystem.changes.contentSize
        #expect(abs(added - 14_470_464) < 2_170_000, "added \(added) bytes")
        #expect(shell.fileSystem.entry(at: "/usr/bin/curl") != nil)
        #expect(shell.fileSystem.entry(at: "/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0") != nil)
        #expect(shell.fileSystem.entry(at: "/etc/ssl/certs/ca-certificates.crt") != nil)
    }

    @Test func aptGetNeedsListsConfirmationAndRoot() throws {
        let noLists = try process("debian:bookworm-slim").run(script: "apt-get install -y curl")
        #expect(noLists.status == 100)
        #expect(noLists.standardError == "E: Unable to locate package curl\n")
        let unknown = try process("debian:bookworm-slim").run(script: "apt-get update >/dev/null && apt-get install -y nosuchthing")
        #expect(unknown.standardError == "E: Unable to locate package nosuchthing\n")
        let pinned = try process("debian:bookworm-slim").run(script: "apt-get update >/dev/null && apt-get install -y curl=1")
        #expect(pinned.standardError == "E: Version '1' for 'curl' was not found\n")
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
        #expect(shell.run(script: "grep -c '^Package: curl$' /var/lib/dpkg/status").standardOutput == "1\n")
        // A second install finds curl in dpkg's status and installs nothing.
        let again = shell.run(script: "apt-get install -y curl")
        #expect(again.standardOutput.contains("curl is already the newest version (7.88.1-10+deb12u15).\n0 upgraded, 0 newly installed"))
    }

    /// apk-tools' solver reports a name no index has as "unable to select packages" (apk-tools
    /// src/solver.c, apk_solver_print_errors), and a fresh alpine image has no index until
    /// `apk update`, `--update` or `--no-cache` fetches one.
    @Test func apkWithoutAnIndexKnowsNoPackage() throws {
        let result = try process("alpine:3.20").run(script: "apk add curl")
        #expect(result.status == 1)
        #expect(result.standardError == "ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n")
        let missing = try process("alpine:3.20").run(script: "apk add --no-cache nosuchthing")
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("ERROR: unable to select packages:\n  nosuchthing (no such package):"))
    }

    /// Versions and sizes from `apk info` in docker-library/repo-info's images built on alpine:3.20;
    /// 14 packages in alpine:3.20 plus curl's 10 make 24, and 13.6 MiB.
    @Test func apkNoCacheInstallsIntoAlpinePaths() throws {
        let shell = try process("alpine:3.20")
        let result = shell.run(script: "apk add --no-cache curl")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz\n(1/10) Installing "))
        #expect(result.standardOutput.contains("(10/10) Installing curl (8.11.0-r2)\n"))
        #expect(result.standardOutput.hasSuffix("Executing busybox-1.36.1-r29.trigger\nExecuting ca-certificates-20240705-r0.trigger\nOK: 13 MiB in 24 packages\n"))
        #expect(shell.fileSystem.entry(at: "/usr/bin/curl") != nil)
        #expect(shell.fileSystem.children(of: "/usr/lib/x86_64-linux-gnu").isEmpty)
        #expect(shell.fileSystem.children(of: "/var/cache/apk").isEmpty)
        #expect(shell.run(script: "grep -x curl /etc/apk/world").standardOutput == "curl\n")
    }

    @Test func apkNoCacheLeavesNoIndex() throws {
        let cached = try layerSize("alpine:3.20", "apk update && apk add curl")
        let noCache = try layerSize("alpine:3.20", "apk add --no-cache curl")
        #expect(cached - noCache > 2_000_000)
    }

    /// Flask's requirements for CPython 3.12 on Linux, from PyPI's JSON (requires_dist): Werkzeug,
    /// Jinja2, itsdangerous, click, blinker, and MarkupSafe through Jinja2 and Werkzeug.
    @Test func pipInstallsFlaskWithItsRealRequirements() throws {
        let shell = try process("python:3.12-slim")
        let result = shell.run(script: "pip install --no-cache-dir flask")
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.hasPrefix("Collecting flask\n  Downloading flask-"))
        #expect(output.contains("Collecting click>="))
        let installed = try #require(output.split(separator: "\n").first { $0.hasPrefix("Successfully installed ") })
        let names = installed.dropFirst("Successfully installed ".count).split(separator: " ").map { String($0.split(separator: "-").first ?? "") }
        #expect(Set(names.map { $0.lowercased() }) == ["jinja2", "markupsafe", "werkzeug", "blinker", "click", "flask", "itsdangerous"])
        #expect(result.standardError.hasPrefix("WARNING: Running pip as the 'root' user"))
        #expect(shell.fileSystem.entry(at: "/usr/local/bin/flask") != nil)
        #expect(shell.fileSystem.children(of: "/usr/local/lib/python3.12/site-packages").contains { $0.hasPrefix("flask-") && $0.hasSuffix(".dist-info") })
    }

    @Test func pipCacheIsWhatNoCacheDirSaves() throws {
        let script = "printf 'flask\\nrequests  # http\\n' > /tmp/requirements.txt && pip install -r /tmp/requirements.txt"
        let cached = try layerSize("python:3.12-slim", script)
        let noCache = try layerSize("python:3.12-slim", script + " --no-cache-dir")
        #expect(cached > noCache)
        let shell = try process("python:3.12-slim")
        let result = shell.run(script: "pip install --no-cache-dir requests")
        #expect(result.standardOutput.hasPrefix("Collecting requests\n"))
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
