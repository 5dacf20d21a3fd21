import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// How the engine's parts write their files: a refused write is an engine failure.
extension StoreFolder {
    /// Writes a file of the store, as an engine failure when the disk refuses.
    func persist(_ data: Data, to relative: String) throws(EngineError) {
        do {
            try write(data, to: relative)
        } catch {
            throw .storage(error.message)
        }
    }

    /// A part of the engine's own file; for a store of an earlier layerlab, whose `repositories.json`
    /// held every part's fields, those fields, written to the part's own file at once (before the
    /// image store rewrites repositories.json without them) when `holdsAnything` says there are any.
    func loadPart<Part: Codable>(_ file: String, empty: Part, holdsAnything: (Part) -> Bool) -> Part {
        if let data = read(file), let part = try? SortedKeysJSON.decoder.decode(Part.self, from: data) { return part }
        let legacy = read("repositories.json").flatMap { try? SortedKeysJSON.decoder.decode(Part.self, from: $0) } ?? empty
        if holdsAnything(legacy) { try? persist(Self.encode(legacy), to: file) }
        return legacy
    }

    static func encode<T: Encodable>(_ value: T) throws(EngineError) -> Data {
        do {
            return try SortedKeysJSON.encoder.encode(value)
        } catch {
            throw .storage("cannot encode \(T.self): \(error)")
        }
    }
}
