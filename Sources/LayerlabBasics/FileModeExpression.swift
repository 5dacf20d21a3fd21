/// A `chmod` mode as typed: octal (`755`, `0644`) or symbolic clauses joined by commas
/// (`u+x`, `go-w`, `a=r`, `+x`), applied to a file's permission bits. Used by `chmod` at the prompt and
/// in the simulated containers alike.
public enum FileModeExpression {
    /// The permission bits after `text`, or nil when it is not a mode.
    public static func apply(_ text: String, to bits: UInt32) -> UInt32? {
        if !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }) {
            guard let octal = UInt32(text, radix: 8), octal <= 0o7777 else { return nil }
            return octal
        }
        var result = bits
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            let who = clause.prefix { "ugoa".contains($0) }
            let rest = clause.dropFirst(who.count)
            guard let operation = rest.first, "+-=".contains(operation) else { return nil }
            let permissions = rest.dropFirst()
            guard permissions.allSatisfy({ "rwx".contains($0) }) else { return nil }
            var shifts: Set<UInt32> = []
            for letter in who.isEmpty ? "a" : who {
                switch letter {
                case "u": shifts.insert(6)
                case "g": shifts.insert(3)
                case "o": shifts.insert(0)
                default: shifts.formUnion([6, 3, 0])
                }
            }
            var value: UInt32 = 0
            for letter in permissions { value |= letter == "r" ? 4 : letter == "w" ? 2 : 1 }
            for shift in shifts {
                switch operation {
                case "+": result |= value << shift
                case "-": result &= ~(value << shift)
                default: result = (result & ~(7 << shift)) | (value << shift)
                }
            }
        }
        return result
    }
}
