import GoSemantics
import Testing

@Suite struct GoTabWriterTests {
    let writer = GoTabWriter(minWidth: 10, padding: 3)

    @Test func columnsAreAsWideAsTheirWidestCell() {
        #expect(writer.format("REPOSITORY\tTAG\tSIZE\nlocalhost:5000/myapp\t1.0\t7.8MB\n")
                == "REPOSITORY             TAG       SIZE\nlocalhost:5000/myapp   1.0       7.8MB\n")
    }

    @Test func aColumnIsARunOfLinesThatHaveIt() {
        // The line without a tab ends the first column's block: the last line's column is its own.
        #expect(writer.format("a\tb\nlonger-than-ten\tc\nplain\nd\te\n") == "a                 b\nlonger-than-ten   c\nplain\nd         e\n")
        // A last cell is never padded; text after the last new line keeps no new line.
        #expect(writer.format("a\tb\t\nc") == "a         b         \nc")
    }

    @Test func widthsCountRunes() {
        #expect(writer.format("é☺\tx\n") == "é☺        x\n")
    }

    /// `tabwriter.NewWriter(out, 1, 8, 1, '\t', 0)`, as `docker buildx du` writes: a column is as wide as
    /// its widest cell and the padding, rounded up to a multiple of 8, reached with tabs (Go's
    /// text/tabwriter writePadding).
    @Test func tabPaddingRoundsColumnsToTabStops() {
        let tabs = GoTabWriter(minWidth: 1, padding: 1, tabWidth: 8)
        #expect(tabs.format("ID\tX\nabcdefghij\tY\n") == "ID\t\tX\nabcdefghij\tY\n")
        #expect(tabs.format("Reclaimable:\t1B\nTotal:\t1B\n") == "Reclaimable:\t1B\nTotal:\t\t1B\n")
    }
}
