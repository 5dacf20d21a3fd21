import LayerlabBasics
import Testing

@Suite struct FileModeExpressionTests {
    @Test func octalAndSymbolicModes() {
        #expect(FileModeExpression.apply("755", to: 0o644) == 0o755)
        #expect(FileModeExpression.apply("u+x", to: 0o644) == 0o744)
        #expect(FileModeExpression.apply("+x", to: 0o644) == 0o755)
        #expect(FileModeExpression.apply("go-w,a+r", to: 0o666) == 0o644)
        #expect(FileModeExpression.apply("o=", to: 0o757) == 0o750)
        #expect(FileModeExpression.apply("u+s", to: 0o644) == nil)
        #expect(FileModeExpression.apply("99", to: 0o644) == nil)
    }
}
