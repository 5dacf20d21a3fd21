/// `$((…))` with integers, variables and `+ - * / %`, left to right with the usual precedence; a
/// division by zero is 0 rather than an error.
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
            if token == "-" { return -primary() }
            return value(token)
        }
        func product() -> Int {
            var result = primary()
            while index < tokens.count, ["*", "/", "%"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = primary()
                result = op == "*" ? result * right : right == 0 ? 0 : op == "/" ? result / right : result % right
            }
            return result
        }
        func sum() -> Int {
            var result = product()
            while index < tokens.count, ["+", "-"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = product()
                result = op == "+" ? result + right : result - right
            }
            return result
        }
        return sum()
    }
}
