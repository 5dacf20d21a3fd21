import LayerlabBasics
import Testing

@Suite struct ParallelTests {
    @Test func mapKeepsTheOrderOfTheWork() {
        let results = Parallel.map(1000) { index in Digest.sha256(of: "piece \(index)").hex }
        #expect(results == (0..<1000).map { Digest.sha256(of: "piece \($0)").hex })
        #expect(Parallel.map(0) { $0 }.isEmpty)
    }

    @Test func bothReturnsEachResultInItsPlace() {
        let (number, text) = Parallel.both({ (1...100).reduce(0, +) }, { String(repeating: "ab", count: 3) })
        #expect(number == 5050)
        #expect(text == "ababab")
    }
}
