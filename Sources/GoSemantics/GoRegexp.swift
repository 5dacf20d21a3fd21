/// The part of Go's `regexp` (RE2 syntax, Perl flags) that moby/patternmatcher can produce: a
/// `.dockerignore` pattern is turned into a Go regular expression, and the escapes and character
/// classes a learner writes pass straight into it (`a\d` matches a digit, `a\b` a word boundary).
/// Matching `.dockerignore` the way BuildKit does therefore needs Go's regexp semantics, not ICU's.
///
/// Matching simulates the program's threads side by side (a Pike VM), linear in the input like Go's own.
public struct GoRegexp: Sendable {
    private let program: [Instruction]

    public init(_ pattern: String) throws(GoRegexpError) {
        var parser = GoRegexpParser(Array(pattern.unicodeScalars))
        let tree = try parser.parseWhole()
        var compiler = Compiler()
        compiler.emit(tree)
        compiler.instructions.append(.match)
        program = compiler.instructions
    }

    /// Whether the expression matches anywhere in `text` (Go's `MatchString`).
    ///
    /// A Pike VM, as Go's own NFA: every live thread advances over the input together, so the time is
    /// the program's length times the input's, and the memory the program's length, whatever the
    /// pattern (a backtracker with a visited set needs their product in memory).
    public func matches(_ text: String) -> Bool {
        let input = Array(text.unicodeScalars)
        // A program that begins with `^` starts no thread after the first position.
        let anchored = if case .assert(.beginText) = program.first { true } else { false }
        // The position at which each instruction last joined a thread list: a list holds it once.
        var joined = [Int](repeating: -1, count: program.count)
        var current: [Int] = [], next: [Int] = [], pending: [Int] = []
        current.reserveCapacity(program.count)
        next.reserveCapacity(program.count)
        func add(_ pc: Int, at position: Int, to list: inout [Int]) -> Bool {
            pending.append(pc)
            while let pc = pending.popLast() {
                guard joined[pc] != position else { continue }
                joined[pc] = position
                switch program[pc] {
                case .match:
                    pending.removeAll(keepingCapacity: true)
                    return true
                case .scalar:
                    list.append(pc)
                case .jump(let target):
                    pending.append(target)
                case .split(let first, let second):
                    pending.append(second)
                    pending.append(first)
                case .assert(let assertion):
                    if assertion.holds(at: position, in: input) { pending.append(pc + 1) }
                }
            }
            return false
        }
        for position in 0...input.count {
            // Unanchored, as MatchString is: a new thread starts at every position.
            if add(0, at: position, to: &current) { return true }
            guard position < input.count else { break }
            let scalar = input[position]
            next.removeAll(keepingCapacity: true)
            for pc in current {
                guard case .scalar(let set) = program[pc], set.contains(scalar) else { continue }
                if add(pc + 1, at: position + 1, to: &next) { return true }
            }
            swap(&current, &next)
            if current.isEmpty && anchored { break }
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
public struct GoRegexpError: Error, Equatable, Sendable {
    public var message: String
}
