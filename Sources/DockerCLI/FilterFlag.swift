import Shell

/// `--filter KEY=VALUE` as the Docker CLI reads it before asking the daemon (docker/cli opts.FilterOpt:
/// the key lower-cased and trimmed), refusing a value without `=` itself.
enum FilterFlag {
    static func pairs(_ values: [String]) throws(CommandFailure) -> [(key: String, value: String)] {
        try values.map { filter throws(CommandFailure) in
            guard let equals = filter.firstIndex(of: "=") else {
                throw CommandFailure("bad format of filter (expected name=value)", exitStatus: 1)
            }
            return (filter[..<equals].trimmingCharacters(in: .whitespaces).lowercased(), String(filter[filter.index(after: equals)...]))
        }
    }
}
