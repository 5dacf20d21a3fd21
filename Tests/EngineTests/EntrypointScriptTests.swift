import Foundation
import ImageModel
import LayerlabBasics
@testable import Engine
import Testing

/// `docker run` through the official images' real `docker-entrypoint.sh` (in the catalog from
/// docker-library/redis at 0d682fed, postgres at 41402ac3 (17/bookworm) and mysql at 319db566
/// (innovation), the versions the October 2024 images were built from). Each script runs as the
/// image's shell reads it: redis's with dash, switching to the redis user with gosu; postgres's and
/// mysql's with bash, which exec a program that is not their server at once. The versions printed are
/// the images' own (redis's src/server.c `version()`, the Debian PostgreSQL packages', `mysqld
/// --version`'s), as `ServerVersionsTests` has them.
@Suite struct EntrypointScriptTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("entrypoints-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    /// `docker run --rm IMAGE COMMAND…`: the container as it ended.
    func run(_ image: String, _ command: [String], environment: [String] = []) throws -> ContainerRecord {
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse(image))
        let created = try engine.createContainer(ContainerRequest(image: image, command: command, environment: environment, autoRemove: true))
        return try engine.startContainer(created.id)
    }

    @Test func redisServerVersionGoesThroughGosu() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let container = try run("redis", ["redis-server", "--version"])
        #expect(container.logs.combined.hasPrefix("Redis server v=7.4.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build="))
        #expect(container.state == .exited(code: 0, at: clock.now))
    }

    @Test func redisEntrypointSetsItsUmaskAndRunsOtherCommandsAsRoot() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // Not redis-server: no gosu, so root; the umask 0022 becomes 0077 before the exec.
        let container = try run("redis", ["sh", "-c", "id -u; umask"])
        #expect(container.logs.combined == "0\n0077\n")
    }

    @Test func psqlVersionIsExecutedByThePostgresEntrypoint() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let container = try run("postgres", ["psql", "--version"])
        #expect(container.logs.combined == "psql (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)\n")
        #expect(container.state == .exited(code: 0, at: clock.now))
    }

    @Test func postgresWithoutAPasswordStopsAsTheEntrypointSays() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // docker_verify_minimum_env, after gosu made the script run again as postgres.
        let container = try run("postgres", [])
        #expect(container.logs.combined == """
            Error: Database is uninitialized and superuser password is not specified.
                   You must specify POSTGRES_PASSWORD to a non-empty value for the
                   superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

                   You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
                   connections without a password. This is *not* recommended.

                   See PostgreSQL documentation about "trust":
                   https://www.postgresql.org/docs/current/auth-trust.html

            """)
        #expect(container.state == .exited(code: 1, at: clock.now))
    }

    @Test func mysqldVersionIsExecutedByTheMysqlEntrypoint() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let container = try run("mysql", ["mysqld", "--version"])
        #expect(container.logs.combined == "/usr/sbin/mysqld  Ver 9.1.0 for Linux on x86_64 (MySQL Community Server - GPL)\n")
        #expect(container.state == .exited(code: 0, at: clock.now))
    }

    @Test func aServerTheEntrypointExecsKeepsRunningUnsimulated() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let container = try run("redis", [])
        #expect(container.unsimulatedProgram == "redis-server")
        #expect(container.isRunning)
    }
}
