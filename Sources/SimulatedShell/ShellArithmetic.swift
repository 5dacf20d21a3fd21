/// `$((…))` with integers, variables and `+ - * / %`, left to right with the usual precedence; a
/// division by zero is 0 rather than an error. Arithmetic wraps around at 64 bits, as the shells'
/// intmax_t does, rather than trap.
struct ShellArithmetic {
    /// A variable's value as the shell sees it; unset or not a number counts as 0.
    let variable: (String) -> String?

    func evaluate(_ expression: String) -> Int {
        var tokens: [String] = []
        var current = ""
        for c in expression {
            if "+-*/%()".contains(c) {
                if !current.isEmpty { tokens.append(current) }
                tokens.append(String(c))
                current = ""
            } else if c != " " {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var index = 0
        func value(_ token: String) -> Int {
            if let number = Int(token) { return number }
            let name = token.hasPrefix("$") ? String(token.dropFirst()) : token
            return Int(variable(name) ?? "0") ?? 0
        }
        func primary() -> Int {
            guard index < tokens.count else { return 0 }
            let token = tokens[index]
            index += 1
            if token == "(" {
                let result = sum()
                index += 1
                return result
            }
            if token == "-" { return 0 &- primary() }
            return value(token)
        }
        func product() -> Int {
            var result = primary()
            while index < tokens.count, ["*", "/", "%"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = primary()
                if op == "*" {
                    result = result &* right
                } else if right == 0 || right == -1 {
                    // -1 too: Int.min / -1 does not fit.
                    result = right == 0 ? 0 : op == "/" ? 0 &- result : 0
                } else {
                    result = op == "/" ? result / right : result % right
                }
            }
            return result
        }
        func sum() -> Int {
            var result = product()
            while index < tokens.count, ["+", "-"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = product()
                result = op == "+" ? result &+ right : result &- right
            }
            return result
        }
        return sum()
    }
}
