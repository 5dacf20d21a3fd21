/// curl and wget: nothing is downloaded (layerlab works offline); the file they would save is a
/// placeholder that says so.
struct Downloads: ProgramFamily {
    let names: Set<String> = ["curl", "wget"]

    /// What a download leaves where the real file would be.
    static func placeholder(for url: String) -> String {
        "layerlab does not download \(url): this file stands in for it\n"
    }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let url = arguments.first { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? ""
        var target: String?
        for (index, argument) in arguments.enumerated() where ["-o", "-O", "--output"].contains(argument) && index + 1 < arguments.count {
            target = arguments[index + 1]
        }
        if target == nil, arguments.contains("-O") || arguments.contains("-fsSLO") || !arguments.contains(where: { $0.hasPrefix("-") }) {
            target = url.split(separator: "/").last.map(String.init)
        }
        let note = Self.placeholder(for: url)
        if let target, target != "-" {
            if !process.writeFile(process.absolute(target), note, append: false) { return 1 }
        } else {
            process.write(note)
        }
        process.writeError("layerlab: \(url) was not downloaded (layerlab works offline)\n")
        return 0
    }
}
