import LayerlabBasics
import LessonPack
import Testing

@Suite struct TerminalMarkdownTests {
    let markdown = """
    # Layers

    An image is a **stack** of `layers`, read
    only.

    - one item that is long enough to wrap onto a second line at this width
    - two

    ```
    FROM alpine:3.20
    ```
    Done.
    """

    @Test func plainTextDropsTheMarkersAndWrapsToTheWidth() {
        let style = TerminalStyle(usesColor: false, usesUnicode: false, isTerminal: false, width: 40)
        #expect(TerminalMarkdown(style: style).render(markdown) == """
        Layers
        ======

        An image is a stack of layers, read
        only.

          - one item that is long enough to wrap
            onto a second line at this width
          - two

            FROM alpine:3.20

        Done.

        """)
    }

    @Test func aColourTerminalGetsBoldAndCodeColours() {
        let style = TerminalStyle(usesColor: true, usesUnicode: true, isTerminal: true, width: 80)
        let rendered = TerminalMarkdown(style: style).render("Some **bold** and `code`.\n\n- item")
        #expect(rendered == "Some \u{1B}[1mbold\u{1B}[0m and \u{1B}[36mcode\u{1B}[0m.\n\n  • item\n")
    }
}
