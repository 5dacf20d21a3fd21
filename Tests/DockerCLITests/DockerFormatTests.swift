import DockerCLI
import Testing

@Suite struct DockerFormatTests {
    static let sizes: [(Int64, String)] = [
        (0, "0B"), (846, "846B"), (8_190, "8.19kB"), (13_256, "13.3kB"), (7_797_760, "7.8MB"),
        (74_750_000, "74.8MB"), (126_000_000, "126MB"), (1_090_000_000, "1.09GB"),
    ]

    @Test(arguments: sizes)
    func sizesAsGoUnitsPrintsThem(_ bytes: Int64, _ text: String) {
        #expect(DockerFormat.size(bytes) == text)
    }

    @Test func tablesPadColumnsLikeTabwriter() {
        let table = DockerFormat.table([["REPOSITORY", "TAG", "SIZE"], ["localhost:5000/myapp", "1.0", "7.8MB"]])
        #expect(table == "REPOSITORY             TAG       SIZE\nlocalhost:5000/myapp   1.0       7.8MB\n")
    }

    @Test func ellipsisKeepsTheWidth() {
        #expect(DockerFormat.ellipsis("ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit", 45) == "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /…")
        #expect(DockerFormat.ellipsis("short", 45) == "short")
    }
}
