import ImageCatalog
import ImageModel
import LayerStore
import SimulatedShell
import Testing

/// Files answer to their owner, group and mode as Linux decides. Expected outputs for Alpine and
/// busybox images were recorded on the reference engine (`docker run --rm -u nobody|app refbox:1
/// /bin/sh -c '…'`, BusyBox ash and applets); those for Debian with bookworm's dash and GNU coreutils
/// run as nobody (`setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c '…'`).
@Suite struct FileAccessTests {
    /// A shell in `image` running as `user`, after `setup` ran as root.
    func process(_ image: String, as user: String, after setup: String = "") throws -> ShellProcess {
        let layers = try #require(ShellProcessTests.catalog.image(for: ImageReference.parse(image))).layers
        let shell = ShellProcess(fileSystem: ContainerFileSystem(lower: UnionView(layers: layers)), environment: [:])
        if !setup.isEmpty {
            let prepared = shell.run(script: setup)
            #expect(prepared.status == 0, "\(setup): \(prepared.standardError)")
        }
        shell.user = try #require(shell.resolveUser(user))
        shell.environment["HOME"] = shell.homeDirectory(of: shell.user)
        return shell
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let image: String
        let script: String
        let error: String
        let status: Int32
        var testDescription: String { "\(image): \(script)" }
    }

    /// The example: as nobody, neither /opt nor /root is writable.
    @Test(arguments: [
        Case(image: "alpine:3.20", script: "mkdir /opt/x && touch /root/y",
             error: "mkdir: can't create directory '/opt/x': Permission denied\n", status: 1),
        Case(image: "alpine:3.20", script: "touch /root/y", error: "touch: /root/y: Permission denied\n", status: 1),
        Case(image: "alpine:3.20", script: "echo x > /etc/x", error: "/bin/sh: can't create /etc/x: Permission denied\n", status: 1),
        Case(image: "alpine:3.20", script: "cat < /root/q", error: "/bin/sh: can't open /root/q: Permission denied\n", status: 1),
        Case(image: "debian:bookworm-slim", script: "mkdir /opt/x && touch /root/y",
             error: "mkdir: cannot create directory '/opt/x': Permission denied\n", status: 1),
        Case(image: "debian:bookworm-slim", script: "touch /root/y", error: "touch: cannot touch '/root/y': Permission denied\n", status: 1),
        Case(image: "debian:bookworm-slim", script: "echo x > /etc/x", error: "/bin/sh: 1: cannot create /etc/x: Permission denied\n", status: 2),
        Case(image: "debian:bookworm-slim", script: "cat < /root/q", error: "/bin/sh: 1: cannot open /root/q: Permission denied\n", status: 2),
    ])
    func nobodyCannotWriteTheSystemsFolders(_ testCase: Case) throws {
        let shell = try process(testCase.image, as: "nobody")
        let result = shell.run(script: testCase.script)
        #expect(result.standardError == testCase.error)
        #expect(result.status == testCase.status)
        #expect(shell.fileSystem.diff.isEmpty, "nothing was written")
    }

    /// After `adduser -D app` and `USER app`, /etc and /root refuse the user; their home does not.
    @Test func aNewUserWritesOnlyWhereTheyMay() throws {
        let shell = try process("alpine:3.20", as: "app", after: "adduser -D app")
        let result = shell.run(script: "echo x >> /etc/passwd; touch /root/y; echo mine > $HOME/f; cat $HOME/f; id -u")
        #expect(result.standardError == "/bin/sh: can't create /etc/passwd: Permission denied\ntouch: /root/y: Permission denied\n")
        #expect(result.standardOutput == "mine\n1000\n")
        #expect(shell.fileSystem.entry(at: "/home/app/f")?.uid == 1000)
    }

    /// /tmp is sticky (1777): anyone makes files there, only a file's owner takes them away.
    @Test func theStickyTmpLeavesRemovingToTheOwner() throws {
        let alpine = try process("alpine:3.20", as: "app", after: "adduser -D app && touch /tmp/rootfile")
        let busybox = alpine.run(script: "rm /tmp/rootfile; mv /tmp/rootfile /tmp/z; echo x > /tmp/rootfile; touch /tmp/mine && rm /tmp/mine && echo gone")
        #expect(busybox.standardError == """
        rm: can't remove '/tmp/rootfile': Operation not permitted
        mv: can't rename '/tmp/rootfile': Operation not permitted
        /bin/sh: can't create /tmp/rootfile: Permission denied

        """)
        #expect(busybox.standardOutput == "gone\n")
        #expect(alpine.fileSystem.entry(at: "/tmp/rootfile") != nil)
        let debian = try process("debian:bookworm-slim", as: "nobody", after: "touch /tmp/rootfile")
        let gnu = debian.run(script: "rm -f /tmp/rootfile; mv /tmp/rootfile /tmp/z")
        #expect(gnu.standardError == """
        rm: cannot remove '/tmp/rootfile': Operation not permitted
        mv: cannot move '/tmp/rootfile' to '/tmp/z': Operation not permitted

        """)
    }

    /// Without search (x) on a folder nothing below it can be reached, even a file anyone may read.
    @Test func aFolderWithoutSearchHidesWhatIsBelow() throws {
        let setup = "adduser -D app && mkdir -p /srv/d/sub && echo hi > /srv/d/sub/f && chmod 700 /srv/d"
        let shell = try process("alpine:3.20", as: "app", after: setup)
        let result = shell.run(script: "cat /srv/d/sub/f; ls /srv/d; cd /srv/d; mkdir -p /srv/d/sub/x/y; test -e /srv/d/sub/f || echo unseen")
        #expect(result.standardError == """
        cat: can't open '/srv/d/sub/f': Permission denied
        ls: can't open '/srv/d': Permission denied
        /bin/sh: cd: line 0: can't cd to /srv/d: Permission denied
        mkdir: can't create directory '/srv/d/sub/': Permission denied

        """)
        #expect(result.standardOutput == "unseen\n")
        let debian = try process("debian:bookworm-slim", as: "nobody")
        let gnu = debian.run(script: "cat /root/z; ls /root; cd /root; mkdir -p /root/x/y; echo $?")
        #expect(gnu.standardError == """
        cat: /root/z: Permission denied
        ls: cannot open directory '/root': Permission denied
        /bin/sh: 1: cd: can't cd to /root
        mkdir: cannot create directory '/root': Permission denied

        """)
        #expect(gnu.standardOutput == "1\n")
    }

    /// Only a file's owner changes its mode; only root gives a file away; an owner may pick one of
    /// their own groups.
    @Test func modesAndOwnersChangeOnlyByTheirOwner() throws {
        let alpine = try process("alpine:3.20", as: "nobody")
        let busybox = alpine.run(script: "chmod 777 /etc/passwd; chown nobody /tmp; touch /tmp/m; chown root /tmp/m; chown :root /tmp/m; chown :nobody /tmp/m; chmod 600 /tmp/m")
        #expect(busybox.standardError == """
        chmod: /etc/passwd: Operation not permitted
        chown: /tmp: Operation not permitted
        chown: /tmp/m: Operation not permitted
        chown: /tmp/m: Operation not permitted

        """)
        #expect(busybox.status == 0)
        let mine = try #require(alpine.fileSystem.entry(at: "/tmp/m"))
        #expect((mine.uid, mine.gid, mine.mode) == (65534, 65534, 0o600))
        let debian = try process("debian:bookworm-slim", as: "nobody")
        let gnu = debian.run(script: "chmod 777 /etc/passwd; chown nobody /etc/passwd")
        #expect(gnu.standardError == """
        chmod: changing permissions of '/etc/passwd': Operation not permitted
        chown: changing ownership of '/etc/passwd': Operation not permitted

        """)
    }

    /// Root reads and writes past any mode, but runs only a file some execute bit allows.
    @Test func rootPassesEveryCheckButExecute() throws {
        let shell = try process("alpine:3.20", as: "root")
        let result = shell.run(script: "echo secret > /tmp/s; chmod 000 /tmp/s; cat /tmp/s; echo more >> /tmp/s; printf '#!/bin/sh\\necho hi\\n' > /tmp/e; /tmp/e")
        #expect(result.standardOutput == "secret\n")
        #expect(result.standardError == "/bin/sh: /tmp/e: Permission denied\n")
        #expect(result.status == 126)
    }

    /// A group listed in /etc/group counts for its members, and for no one else.
    @Test func supplementaryGroupsOpenTheirFolders() throws {
        let setup = "adduser -D app && echo 'team:x:2000:app' >> /etc/group && mkdir /shared && chown :team /shared && chmod 770 /shared"
        let member = try process("alpine:3.20", as: "app", after: setup)
        #expect(member.run(script: "touch /shared/f").status == 0)
        let outsider = try process("alpine:3.20", as: "nobody", after: setup)
        #expect(outsider.run(script: "touch /shared/f").standardError == "touch: /shared/f: Permission denied\n")
    }

    /// A number passwd does not list runs in group 0 and makes its files so (`docker run -u 1234
    /// refbox:1 sh -c 'id; touch /tmp/a'` gives uid=1234 gid=0(root) groups=0(root), a file 1234:0).
    @Test func aNumericUserWithoutAnEntryRunsInGroupZero() throws {
        let shell = try process("alpine:3.20", as: "1234")
        #expect(shell.run(script: "id; touch /tmp/a; echo $HOME").standardOutput == "uid=1234 gid=0(root) groups=0(root)\n/\n")
        let file = try #require(shell.fileSystem.entry(at: "/tmp/a"))
        #expect((file.uid, file.gid) == (1234, 0))
    }

    /// The package managers and account tools stop a user who is not root, in their own words:
    /// apt-get 2.6 and shadow's useradd as nobody on Debian bookworm; apk-tools 2.14 (apk_db_open and
    /// apk.c, status 99) and BusyBox's bb_msg_perm_denied_are_you_root from their sources.
    @Test func installersAndAccountToolsNeedRoot() throws {
        let debian = try process("debian:bookworm-slim", as: "nobody")
        let install = debian.run(script: "apt-get install -y curl")
        #expect(install.standardError == "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
            + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
        #expect(install.status == 100)
        let update = debian.run(script: "apt-get update")
        #expect(update.standardOutput == "Reading package lists...\n")
        #expect(update.standardError == "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n")
        let useradd = debian.run(script: "useradd bob")
        #expect(useradd.standardError == "useradd: Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.\n")
        #expect(useradd.status == 1)
        let alpine = try process("alpine:3.20", as: "nobody")
        let apk = alpine.run(script: "apk add --no-cache curl")
        #expect(apk.standardError == "ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n")
        #expect(apk.status == 99)
        let adduser = alpine.run(script: "adduser -D bob")
        #expect(adduser.standardError == "adduser: permission denied (are you root?)\n")
        #expect(adduser.status == 1)
        #expect(debian.fileSystem.diff.isEmpty && alpine.fileSystem.diff.isEmpty)
    }

    /// `WORKDIR /app` as root, then `USER node` and `npm install`: npm 10 (node:20's) stops at its first
    /// mkdir with EACCES and exit status 243, as its users report it; layerlab prints its first five lines.
    @Test func npmCannotMakeNodeModulesInRootsFolder() throws {
        let node = try process("node:20-alpine", as: "node", after: "mkdir /app")
        node.workingDirectory = "/app"
        let result = node.run(script: "npm install express")
        #expect(result.standardError == "npm error code EACCES\nnpm error syscall mkdir\nnpm error path /app/node_modules\nnpm error errno -13\n"
            + "npm error Error: EACCES: permission denied, mkdir '/app/node_modules'\n")
        #expect(result.status == 243)
    }

    /// pip falls back to the user's site-packages when the system's is not theirs to write, and
    /// fails where Python's makedirs does when their home is not either (pip 24's messages).
    @Test func pipInstallsIntoTheUsersOwnSitePackages() throws {
        let user = try process("python:3.12-slim", as: "app", after: "useradd --create-home app")
        let result = user.run(script: "pip install --no-cache-dir requests")
        #expect(result.standardOutput.hasPrefix("Defaulting to user installation because normal site-packages is not writeable\nCollecting "))
        #expect(user.fileSystem.entry(at: "/home/app/.local/lib/python3.12/site-packages/requests")?.uid == 1000)
        let nobody = try process("python:3.12-slim", as: "nobody")
        let refused = nobody.run(script: "pip install --no-cache-dir requests")
        #expect(refused.standardError == "ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/nonexistent'\nCheck the permissions.\n\n")
        #expect(refused.status == 1)
    }
}
