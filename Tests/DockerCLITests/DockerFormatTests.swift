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

    static let durations: [(Double, String)] = [
        (0.5, "Less than a second"), (1, "1 second"), (42, "42 seconds"), (61, "About a minute"),
        (600, "10 minutes"), (3_600, "About an hour"), (7_200, "2 hours"), (259_200, "3 days"),
        (1_814_400, "3 weeks"), (7_776_000, "3 months"), (69_120_000, "2 years"),
    ]

    @Test(arguments: durations)
    func durationsAsGoUnitsPrintsThem(_ seconds: Double, _ text: String) {
        #expect(DockerFormat.duration(seconds) == text)
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
