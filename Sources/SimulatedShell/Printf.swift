import Foundation

/// The subset of printf(1) formats scripts use: `%s`, `%d`, `%%`, and `\n` `\t` `\\` escapes.
enum Printf {
    static func format(_ format: String, _ arguments: [String]) -> String {
        var result = ""
        var remaining = arguments
        repeat {
            var chars = Array(format)[...]
            while let c = chars.popFirst() {
                if c == "\\", let next = chars.popFirst() {
                    switch next {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "\\": result += "\\"
                    default: result += "\\" + String(next)
                    }
                } else if c == "%", let next = chars.popFirst() {
                    switch next {
                    case "%": result += "%"
                    case "s", "b": result += remaining.isEmpty ? "" : remaining.removeFirst()
                    case "d", "i": result += remaining.isEmpty ? "0" : String(Int(remaining.removeFirst()) ?? 0)
                    default: result += "%" + String(next)
                    }
                } else {
                    result.append(c)
                }
            }
        } while !remaining.isEmpty && format.contains("%")
        return result
    }
}
