import Foundation
import GoSemantics
import Testing

@Suite struct GoTimeTests {
    @Test func rfc3339TimesReadBackToTheMicrosecond() throws {
        let date = Date(timeIntervalSince1970: 1_764_199_029.183_863)
        let text = GoTime.rfc3339Nano(date)
        #expect(text == "2025-11-26T23:17:09.183863Z")
        #expect(GoTime.rfc3339Nano(try #require(GoTime.date(rfc3339: text))) == text)
        #expect(GoTime.date(rfc3339: "2024-09-06T22:20:07.972381771Z") != nil, "Go's nanoseconds")
        #expect(GoTime.date(rfc3339: "2024-09-06T22:20:07Z") == Date(timeIntervalSince1970: 1_725_661_207))
        #expect(GoTime.date(rfc3339: "yesterday") == nil)
    }

    @Test func timeStringIsGos() {
        #expect(GoTime.string(Date(timeIntervalSince1970: 1_725_661_207)) == "2024-09-06 22:20:07 +0000 UTC")
    }

    @Test func durationsParseAsTimeParseDuration() {
        #expect(GoTime.parseDuration("0") == 0)
        #expect(GoTime.parseDuration("30s") == 30)
        #expect(GoTime.parseDuration("1m30s") == 90)
        #expect(GoTime.parseDuration("500ms") == 0.5)
        #expect(GoTime.parseDuration("-1.5h") == -5400)
        #expect(GoTime.parseDuration("30") == nil, "a number needs a unit")
        #expect(GoTime.parseDuration("") == nil)
        #expect(GoTime.parseDuration("1d") == nil)
    }
}
