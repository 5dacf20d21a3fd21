import GoSemantics
import Testing

/// docker/go-units' HumanDuration (units/duration.go), which the daemon's status and the CLI's
/// "ago" columns print.
@Suite struct GoUnitsTests {
    static let durations: [(Double, String)] = [
        (0.5, "Less than a second"), (1, "1 second"), (42, "42 seconds"), (61, "About a minute"),
        (600, "10 minutes"), (3_600, "About an hour"), (7_200, "2 hours"), (259_200, "3 days"),
        (1_814_400, "3 weeks"), (7_776_000, "3 months"), (69_120_000, "2 years"),
    ]

    @Test(arguments: durations)
    func durationsAsGoUnitsPrintsThem(_ seconds: Double, _ text: String) {
        #expect(GoUnits.humanDuration(seconds) == text)
    }
}
