@testable import LayerStore
import Testing

@Suite struct LayerPathTests {
    /// The paths `normalize` must rewrite and the ones it may keep as they are (its fast path).
    @Test(arguments: [
        ("/", "/"), ("/etc/passwd", "/etc/passwd"), ("etc/passwd", "/etc/passwd"), ("/etc/", "/etc"),
        ("//etc//passwd", "/etc/passwd"), ("/etc/./passwd", "/etc/passwd"), ("/etc/../passwd", "/passwd"),
        ("/..", "/"), ("/.", "/"), ("/a/..", "/"), ("/a/.", "/a"), ("/.hidden", "/.hidden"), ("/a/...", "/a/..."),
        ("/a/..b", "/a/..b"), ("/a/b.", "/a/b."), ("", "/"), (".", "/"),
    ])
    func normalizes(path: String, expected: String) {
        #expect(LayerPath.normalize(path) == expected)
        #expect(LayerPath.isNormal(path) == (path == expected))
    }
}
