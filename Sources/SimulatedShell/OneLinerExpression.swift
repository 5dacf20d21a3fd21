/// The expressions the one-liners that only print are made of (`python -c 'print(1+1)'`, `node -e
/// 'console.log(2 ** 10)'`): numbers, quoted strings, `+ - * / // % **` and parentheses, evaluated
/// with the language's own rules for `/` and how a number prints. Anything else is not one of them
/// (nil), and the interpreter is then not simulated.
struct OneLinerExpression {
    enum Language { case python, javaScript }

    enum Value: Equatable {
        case integer(Int)
        case real(Double)
        case text(String)

        func printed(in language: Language) -> String {
            switch self {
            case .integer(let value): return String(value)
            case .text(let value): return value
            case .real(let value):
                // Python prints a whole float with `.0`; JavaScript prints whole numbers bare.
                if value == value.rounded(), abs(value) < 1e16 {
                    return language == .python ? String(format: "%.1f", value) : String(Int(value))
                }
                return "\(value)"
            }
        }
    }

    let language: Language
    private var tokens: [String] = []
    private var position = 0

    /// The values of a comma-separated argument list (`1+1, 'a'`); nil when any is not understood.
    static func arguments(_ text: String, language: Language) -> [Value]? {
        var parser = OneLinerExpression(language: language)
        guard let tokens = tokenize(text) else { return nil }
        parser.tokens = tokens
        if tokens.isEmpty { return [] }
        var values: [Value] = []
        while true {
            guard let value = parser.sum() else { return nil }
            values.append(value)
            if parser.position == tokens.count { return values }
            guard parser.take(",") else { return nil }
        }
    }

    private init(language: Language) {
        self.language = language
    }

    private static func tokenize(_ text: String) -> [String]? {
        var tokens: [String] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first.isWhitespace {
                characters.removeFirst()
            } else if first.isNumber || first == "." {
                let number = characters.prefix { $0.isNumber || $0 == "." || $0 == "_" }
                tokens.append(String(number).replacingOccurrences(of: "_", with: ""))
                characters.removeFirst(number.count)
            } else if first == "'" || first == "\"" {
                characters.removeFirst()
                guard let end = characters.firstIndex(of: first) else { return nil }
                let body = characters[..<end]
                // Escapes are left to the real interpreter.
                guard !body.contains("\\") else { return nil }
                tokens.append("\"" + String(body))
                characters = characters[characters.index(after: end)...]
            } else {
                let two = String(characters.prefix(2))
                if ["**", "//"].contains(two) {
                    tokens.append(two)
                    characters.removeFirst(2)
                } else if "+-*/%(),".contains(first) {
                    tokens.append(String(first))
                    characters.removeFirst()
                } else {
                    return nil
                }
            }
        }
        return tokens
    }

    private mutating func take(_ token: String) -> Bool {
        guard position < tokens.count, tokens[position] == token else { return false }
        position += 1
        return true
    }

    private mutating func sum() -> Value? {
        guard var left = product() else { return nil }
        while position < tokens.count, ["+", "-"].contains(tokens[position]) {
            let op = tokens[position]
            position += 1
            guard let right = product(), let result = apply(op, left, right) else { return nil }
            left = result
        }
        return left
    }

    private mutating func product() -> Value? {
        guard var left = unary() else { return nil }
        while position < tokens.count, ["*", "/", "//", "%"].contains(tokens[position]) {
            let op = tokens[position]
            position += 1
            guard let right = unary(), let result = apply(op, left, right) else { return nil }
            left = result
        }
        return left
    }

    private mutating func unary() -> Value? {
        if take("-") { return unary().flatMap { apply("-", .integer(0), $0) } }
        if take("+") { return unary() }
        return power()
    }

    /// `**` binds tighter than unary minus on its left and is right-associative.
    private mutating func power() -> Value? {
        guard let base = atom() else { return nil }
        guard take("**") else { return base }
        guard let exponent = unary() else { return nil }
        return apply("**", base, exponent)
    }

    private mutating func atom() -> Value? {
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        position += 1
        if token == "(" {
            guard let inner = sum(), take(")") else { return nil }
            return inner
        }
        if token.hasPrefix("\"") { return .text(String(token.dropFirst())) }
        if let integer = Int(token) { return .integer(integer) }
        if let real = Double(token) { return .real(real) }
        return nil
    }

    private func apply(_ op: String, _ left: Value, _ right: Value) -> Value? {
        switch (left, right) {
        case let (.text(a), .text(b)) where op == "+": return .text(a + b)
        case (.text, _), (_, .text): return nil
        case let (.integer(a), .integer(b)):
            switch op {
            case "+": return a.addingReportingOverflow(b).overflow ? nil : .integer(a + b)
            case "-": return a.subtractingReportingOverflow(b).overflow ? nil : .integer(a - b)
            case "*": return a.multipliedReportingOverflow(by: b).overflow ? nil : .integer(a * b)
            case "/": return b == 0 ? nil : (language == .javaScript && a % b == 0 ? .integer(a / b) : .real(Double(a) / Double(b)))
            case "//": return b == 0 || language == .javaScript ? nil : .integer(Int((Double(a) / Double(b)).rounded(.down)))
            case "%":
                guard b != 0 else { return nil }
                // Python's remainder takes the divisor's sign; JavaScript's the dividend's.
                let remainder = a % b
                return .integer(language == .python && remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
            case "**":
                guard b >= 0, b < 64 else { return nil }
                var result = 1
                for _ in 0..<b {
                    let (next, overflow) = result.multipliedReportingOverflow(by: a)
                    if overflow { return nil }
                    result = next
                }
                return .integer(result)
            default: return nil
            }
        default:
            let a = left.number, b = right.number
            switch op {
            case "+": return .real(a + b)
            case "-": return .real(a - b)
            case "*": return .real(a * b)
            case "/": return b == 0 ? nil : .real(a / b)
            default: return nil
            }
        }
    }
}

extension OneLinerExpression.Value {
    var number: Double {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text: .nan
        }
    }
}
