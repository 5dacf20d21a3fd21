/// The part of Go's `regexp` (RE2 syntax, Perl flags) that moby/patternmatcher can produce: a
/// `.dockerignore` pattern is turned into a Go regular expression, and the escapes and character
/// classes a learner writes pass straight into it (`a\d` matches a digit, `a\b` a word boundary).
/// Matching `.dockerignore` the way BuildKit does therefore needs Go's regexp semantics, not ICU's.
///
/// Matching runs a backtracking program that never visits the same (instruction, position) twice, so
/// it is linear in the input like Go's own backtracker.
struct GoRegexp: Sendable {
    private let program: [Instruction]

    init(_ pattern: String) throws(GoRegexpError) {
        var parser = GoRegexpParser(Array(pattern.unicodeScalars))
        let tree = try parser.parseWhole()
        var compiler = Compiler()
        compiler.emit(tree)
        compiler.instructions.append(.match)
        program = compiler.instructions
    }

    /// Whether the expression matches anywhere in `text` (Go's `MatchString`).
    func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        var visited = Set<Int>()
        let width = input.count + 1
        for start in 0...input.count where run(pc: 0, position: start, input: input, visited: &visited, width: width) {
            return true
        }
        return false
    }

    private func run(pc: Int, position: Int, input: [Unicode.Scalar], visited: inout Set<Int>, width: Int) -> Bool {
        var stack = [(pc, position)]
        while let (pc, position) = stack.popLast() {
            guard visited.insert(pc * width + position).inserted else { continue }
            switch program[pc] {
            case .match:
                return true
            case .scalar(let set):
                if position < input.count, set.contains(input[position]) {
                    stack.append((pc + 1, position + 1))
                }
            case .jump(let target):
                stack.append((target, position))
            case .split(let first, let second):
                stack.append((second, position))
                stack.append((first, position))
            case .assert(let assertion):
                if assertion.holds(at: position, in: input) {
                    stack.append((pc + 1, position))
                }
            }
        }
        return false
    }

    enum Instruction: Sendable {
        case scalar(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    private struct Compiler {
        var instructions: [Instruction] = []

        mutating func emit(_ node: RegexNode) {
            switch node {
            case .empty:
                break
            case .scalars(let set):
                instructions.append(.scalar(set))
            case .assert(let assertion):
                instructions.append(.assert(assertion))
            case .concat(let parts):
                for part in parts { emit(part) }
            case .alternate(let branches):
                var jumpsToEnd: [Int] = []
                for (index, branch) in branches.enumerated() {
                    if index < branches.count - 1 {
                        let split = instructions.count
                        instructions.append(.split(split + 1, -1))
                        emit(branch)
                        jumpsToEnd.append(instructions.count)
                        instructions.append(.jump(-1))
                        instructions[split] = .split(split + 1, instructions.count)
                    } else {
                        emit(branch)
                    }
                }
                for jump in jumpsToEnd { instructions[jump] = .jump(instructions.count) }
            case .repeatNode(let body, let minimum, let maximum):
                for _ in 0..<minimum { emit(body) }
                if let maximum {
                    var splits: [Int] = []
                    for _ in minimum..<maximum {
                        splits.append(instructions.count)
                        instructions.append(.split(instructions.count + 1, -1))
                        emit(body)
                    }
                    for split in splits { instructions[split] = .split(split + 1, instructions.count) }
                } else {
                    let loop = instructions.count
                    instructions.append(.split(loop + 1, -1))
                    emit(body)
                    instructions.append(.jump(loop))
                    instructions[loop] = .split(loop + 1, instructions.count)
                }
            }
        }
    }
}

/// A zero-width assertion.
enum Assertion: Sendable {
    case beginText, endText, wordBoundary, notWordBoundary

    func holds(at position: Int, in input: [Unicode.Scalar]) -> Bool {
        switch self {
        case .beginText: return position == 0
        case .endText: return position == input.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarSet.isASCIIWord(input[position - 1])
            let after = position < input.count && ScalarSet.isASCIIWord(input[position])
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// A set of characters: ranges and named classes, possibly negated.
struct ScalarSet: Sendable {
    enum Item: Sendable {
        case range(UInt32, UInt32)
        case digit, space, word
        case category(Set<Unicode.GeneralCategory>)
        /// A named class: any of its parts.
        indirect case anyOf([Item])
        /// A named class inside, negated on its own (`\D`, `[:^alpha:]`).
        indirect case not(Item)
    }

    var items: [Item] = []
    var negated = false

    static let anyButNewline = ScalarSet(items: [.range(0x0A, 0x0A)], negated: true)

    static func single(_ scalar: Unicode.Scalar) -> ScalarSet {
        ScalarSet(items: [.range(scalar.value, scalar.value)])
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        items.contains { Self.item($0, contains: scalar) } != negated
    }

    static func item(_ item: Item, contains scalar: Unicode.Scalar) -> Bool {
        switch item {
        case .range(let low, let high): return (low...high).contains(scalar.value)
        case .digit: return ("0"..."9").contains(scalar)
        case .space: return [" ", "\t", "\n", "\u{0C}", "\r"].contains(scalar)
        case .word: return isASCIIWord(scalar)
        case .category(let categories): return categories.contains(scalar.properties.generalCategory)
        case .anyOf(let parts): return parts.contains { self.item($0, contains: scalar) }
        case .not(let inner): return !self.item(inner, contains: scalar)
        }
    }

    static func isASCIIWord(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}

indirect enum RegexNode: Sendable {
    case empty
    case scalars(ScalarSet)
    case assert(Assertion)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repeatNode(RegexNode, minimum: Int, maximum: Int?)
}

/// Why Go would refuse to compile an expression.
struct GoRegexpError: Error, Equatable {
    var message: String
}
