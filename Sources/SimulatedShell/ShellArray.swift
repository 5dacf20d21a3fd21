/// A bash array: indexed (`a=(x y)`, `a[5]=z`) or associative (`declare -A m; m[key]=v`). An
/// indexed array may have gaps, so both keep their elements by key: indexed ones in the order of
/// their indices, associative ones in the order they were set (bash lists those in its hash table's
/// order, which no script can rely on).
struct ShellArray: Equatable {
    let associative: Bool
    private(set) var keys: [String] = []
    private var values: [String: String] = [:]

    init(associative: Bool, elements: [String] = []) {
        self.associative = associative
        for (index, element) in elements.enumerated() { set(String(index), element) }
    }

    /// The elements in order, as `"${a[@]}"` gives them.
    var elements: [String] { keys.compactMap { values[$0] } }

    subscript(key: String) -> String? { values[key] }

    /// Sets one element; an indexed array keeps its keys in numeric order.
    mutating func set(_ key: String, _ value: String) {
        if values.updateValue(value, forKey: key) != nil { return }
        if associative {
            keys.append(key)
        } else {
            let number = Int(key) ?? 0
            let position = keys.firstIndex { (Int($0) ?? 0) > number } ?? keys.endIndex
            keys.insert(key, at: position)
        }
    }

    /// `a+=( x y )`: elements after the highest index.
    mutating func append(_ elements: [String]) {
        var next = (keys.last.flatMap { Int($0) } ?? -1) + 1
        for element in elements {
            set(String(next), element)
            next += 1
        }
    }

    mutating func remove(_ key: String) {
        values[key] = nil
        keys.removeAll { $0 == key }
    }
}
