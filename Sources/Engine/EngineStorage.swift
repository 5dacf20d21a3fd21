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

    static func encode<T: Encodable>(_ value: T) throws(EngineError) -> Data {
        do {
            return try SortedKeysJSON.encoder.encode(value)
        } catch {
            throw .storage("cannot encode \(T.self): \(error)")
        }
    }
}
