import Testing

/// The official servers' images answer their version flags with the image's own version, in each
/// program's words: nginx's src/core/nginx.c (on standard error), redis's src/server.c `version()`,
/// the Debian builds of PostgreSQL (`psql (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)`), MySQL's
/// `mysqld --version` (its full path first) and httpd's `-v` (version, then build stamp).
@Suite struct ServerVersionsTests {
    let interpreters = InterpretersTests()

    @Test func serversAnswerTheirVersionFlags() throws {
        #expect(try interpreters.run("nginx:1.27", "nginx -v").standardError == "nginx version: nginx/1.27.2\n")
        #expect(try interpreters.run("nginx:alpine", "nginx -v").standardError == "nginx version: nginx/1.27.2\n")
        let redis = try interpreters.run("redis", "redis-server --version").standardOutput
        #expect(redis.hasPrefix("Redis server v=7.4.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build="))
        #expect(redis == (try interpreters.run("redis", "redis-server -v").standardOutput), "the same build every time")
        #expect(try interpreters.run("redis", "redis-cli --version").standardOutput == "redis-cli 7.4.1\n")
        #expect(try interpreters.run("postgres", "psql --version").standardOutput == "psql (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)\n")
        #expect(try interpreters.run("postgres", "postgres -V").standardOutput == "postgres (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)\n")
        #expect(try interpreters.run("mysql", "mysqld --version").standardOutput == "/usr/sbin/mysqld  Ver 9.1.0 for Linux on x86_64 (MySQL Community Server - GPL)\n")
        #expect(try interpreters.run("mysql", "mysql --version").standardOutput == "mysql  Ver 9.1.0 for Linux on x86_64 (MySQL Community Server - GPL)\n")
        #expect(try interpreters.run("httpd", "httpd -v").standardOutput == "Server version: Apache/2.4.62 (Unix)\nServer built:   Jul 17 2024 23:31:14\n")
    }

    @Test func servingIsNotSimulated() throws {
        #expect(try interpreters.run("redis", "redis-server /etc/redis.conf").standardError.contains("`redis-server` is not simulated"))
        #expect(try interpreters.run("httpd", "httpd -DFOREGROUND").standardError.contains("`httpd` is not simulated"))
    }

    @Test func aProgramTheImageLacksIsNotFound() throws {
        #expect(try interpreters.run("alpine", "redis-server --version").status == 127)
    }
}
