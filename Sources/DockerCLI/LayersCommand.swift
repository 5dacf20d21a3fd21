import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import Shell
import SimulatedWorld

/// `layers IMAGE [--path FILE]`: the layer stack of an image, drawn, and where a file comes from.
public struct LayersCommand: ShellCommand {
    let world: SimulatedWorld

    public init(world: SimulatedWorld) {
        self.world = world
    }

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "layers", group: .docker,
        abstract: "Draw an image's layers, or show which layer a file comes from",
        usage: ["layers IMAGE", "layers IMAGE --path /some/file"],
        discussion: """
        Draws the image's filesystem layers, newest on top, with each layer's size and the instruction
        that made it; layers other local images share are marked. With --path, shows the layer that
        supplies the file and any layer above that replaced or deleted it; a file deleted in a later
        layer still takes space in the layer that added it.
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        var operands: [String] = []
        var path: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--path" {
                guard index < arguments.count else { throw CommandFailure.usage("layers", "--path needs a file path") }
                path = arguments[index]
                index += 1
            } else if argument.hasPrefix("--path=") {
                path = String(argument.dropFirst(7))
            } else if argument.hasPrefix("-") {
                throw CommandFailure.usage("layers", "unknown option '\(argument)'")
            } else {
                operands.append(argument)
            }
        }
        guard operands.count == 1 else { throw CommandFailure.usage("layers", "give one image") }
        do {
            try world.perform { engine in try draw(operands[0], path: path, engine: engine, io: io, style: context.style) }
        } catch let error as EngineError {
            throw DaemonFailure(error)
        }
        return 0
    }

    private func draw(_ image: String, path: String?, engine: Engine, io: CommandIO, style: TerminalStyle) throws {
        guard let record = engine.images.image(image) else { throw DaemonFailure(.noSuchImage(Engine.displayName(image))) }
        let name = engine.images.tags(of: record.id).first?.familiarDescription ?? record.id.shortID
        let steps = LayerStack.steps(record)
        if let path {
            io.write(LayerStack.describe(path: path, in: try engine.images.view(of: record), steps: steps, image: name))
        } else {
            io.write(LayerStack.draw(record: record, name: name, steps: steps, engine: engine, style: style))
        }
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        guard position == 0 else { return [] }
        return world.perform(\.images.familiarNames)
    }
}

/// The drawing and the path report of `layers`.
enum LayerStack {
    /// Per layer (base first): the history entry that made it.
    static func steps(_ record: ImageRecord) -> [HistoryEntry] {
        record.configuration.history.filter { !$0.isEmptyLayer }
    }

    static func draw(record: ImageRecord, name: String, steps: [HistoryEntry], engine: Engine, style: TerminalStyle) -> String {
        let configOnly = record.configuration.history.filter(\.isEmptyLayer).count
        var text = "\(name)  \(record.id.shortID)  \(DockerFormat.size(record.size)) in \(record.layers.count) layer\(record.layers.count == 1 ? "" : "s")"
        text += configOnly > 0 ? " (+\(configOnly) config-only step\(configOnly == 1 ? "" : "s"))\n\n" : "\n\n"
        guard !record.layers.isEmpty else { return text + "  (no layers: an empty image, like scratch)\n" }
        let glyphs = style.usesUnicode ? (top: "┌─", middle: "├─", bottom: "└─", bar: "│ ") : (top: "+-", middle: "|-", bottom: "`-", bar: "| ")
        let sizeWidth = record.layerSizes.map { DockerFormat.size($0).count }.max() ?? 3
        let labelWidth = "layer \(record.layers.count)".count
        let fixedWidth: Int = 2 + 3 + labelWidth + 2 + sizeWidth + 2
        let textWidth = max(20, style.width - fixedWidth)
        for index in stride(from: record.layers.count - 1, through: 0, by: -1) {
            let glyph: String
            if index == record.layers.count - 1 {
                glyph = glyphs.top
            } else if index == 0 {
                glyph = glyphs.bottom
            } else {
                glyph = glyphs.middle
            }
            let label = "layer \(index + 1)".padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let size = DockerFormat.size(record.layerSizes[index])
            let paddedSize = String(repeating: " ", count: sizeWidth - size.count) + size
            let madeBy = index < steps.count ? (steps[index].createdBy ?? "").replacingOccurrences(of: "\t", with: " ") : ""
            text += "  \(glyph) \(label)  \(paddedSize)  \(DockerFormat.ellipsis(madeBy, textWidth))\n"
            let sharing = sharedWith(layerAt: index, of: record, engine: engine)
            if !sharing.isEmpty {
                let indent = index == 0 ? "   " : glyphs.bar + " "
                let padding = String(repeating: " ", count: labelWidth + 2 + sizeWidth + 2)
                text += "  " + indent + padding + "shared with " + sharing.joined(separator: ", ") + "\n"
            }
        }
        if let layers = try? engine.images.layers(of: record) {
            text += "\n" + efficiencyLines(ImageEfficiency(layers: layers))
        }
        return text
    }

    /// dive's verdict: the efficiency score and the bytes paid for files a later layer replaced or deleted.
    static func efficiencyLines(_ efficiency: ImageEfficiency) -> String {
        var text = "  efficiency \(String(format: "%.4f", efficiency.score * 100))%"
        guard efficiency.wastedBytes > 0 else { return text + ": no file is stored twice\n" }
        text += ", \(DockerFormat.size(efficiency.wastedBytes)) in files written more than once (replaced or deleted later):\n"
        for wasted in efficiency.wastedPaths.prefix(3) {
            text += "    \(wasted.path)  \(DockerFormat.size(wasted.cumulativeSize)) in \(wasted.occurrences) layers\n"
        }
        if efficiency.wastedPaths.count > 3 { text += "    and \(efficiency.wastedPaths.count - 3) more\n" }
        return text
    }

    /// Other local images whose stacks hold the same layer at the same depth (the same chain).
    static func sharedWith(layerAt index: Int, of record: ImageRecord, engine: Engine) -> [String] {
        let chain = Engine.chainIDs(record.layers.map(\.diffID))[index]
        return engine.images.all.filter { other in
            other.id != record.id && other.layers.count > index && Engine.chainIDs(other.layers.map(\.diffID))[index] == chain
        }.compactMap { engine.images.tags(of: $0.id).first?.familiarDescription }.sorted()
    }

    static func describe(path: String, in view: UnionView, steps: [HistoryEntry], image: String) -> String {
        let normalized = LayerPath.normalize(path)
        var text = "\(normalized) in \(image):\n"
        let events = view.history(of: normalized)
        if events.isEmpty { return text + "  not in any layer of the image\n" }
        func step(_ layer: Int) -> String {
            layer < steps.count ? DockerFormat.ellipsis((steps[layer].createdBy ?? "").replacingOccurrences(of: "\t", with: " "), 50) : ""
        }
        for event in events {
            switch event {
            case .added(let layer): text += "  layer \(layer + 1): added     by \(step(layer))\n"
            case .replaced(let layer): text += "  layer \(layer + 1): replaced  by \(step(layer))\n"
            case .deleted(let layer): text += "  layer \(layer + 1): deleted   by \(step(layer)) (a whiteout file)\n"
            case .hidden(let layer): text += "  layer \(layer + 1): hidden    by \(step(layer)) (its folder was deleted or replaced)\n"
            }
        }
        if let resolved = view.resolve(normalized) {
            let kind: String
            switch resolved.entry.kind {
            case .file(let content): kind = "a file of \(DockerFormat.size(content.size))"
            case .directory: kind = "a directory"
            case .symlink(let target): kind = "a symlink to \(target)"
            case .characterDevice(let major, let minor): kind = "a device (\(major), \(minor))"
            }
            text += "A container sees \(kind) from layer \(resolved.layer + 1).\n"
        } else {
            text += "A container does not see it, but every layer that added it still ships its bytes.\n"
        }
        return text
    }
}
