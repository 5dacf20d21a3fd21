import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// The engine's volumes: their records (`volumes.json`) and each one's content (`volumes/NAME/_data`).
final class VolumeStore {
    private let storage: StoreFolder
    private var records: [String: VolumeRecord]

    static let file = "volumes.json"

    init(storage: StoreFolder) {
        self.storage = storage
        let saved = storage.read(Self.file).flatMap { try? SortedKeysJSON.decoder.decode([VolumeRecord].self, from: $0) } ?? []
        records = Dictionary(saved.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        Leftovers.remove(in: storage.url("volumes"), prefix: Self.removedPrefix)
    }

    /// A removed volume's folder is first renamed to this prefix, so that a volume made later under the
    /// same name never finds part of the old content, even if layerlab is killed meanwhile.
    static let removedPrefix = ".removed-"

    /// By name.
    var all: [VolumeRecord] { records.values.sorted { $0.name < $1.name } }

    func record(_ name: String) -> VolumeRecord? { records[name] }

    /// The folder a container sees at the volume's mount point.
    func folder(_ name: String) -> URL { storage.url("volumes/\(name)/_data") }

    func add(_ volume: VolumeRecord) throws(EngineError) {
        do {
            try FileManager.default.createDirectory(at: folder(volume.name), withIntermediateDirectories: true)
        } catch {
            throw .storage("cannot make the folder of volume \(volume.name): \(error.localizedDescription)")
        }
        records[volume.name] = volume
        try save()
    }

    func remove(_ name: String) throws(EngineError) {
        let removed = "volumes/\(Self.removedPrefix)\(UUID().uuidString)"
        if storage.exists("volumes/\(name)") {
            do {
                try storage.move("volumes/\(name)", to: removed)
            } catch {
                throw .storage(error.message)
            }
        }
        records[name] = nil
        try save()
        storage.remove(removed)
    }

    /// The bytes the volume's files take (what `docker system df -v` reports as its size).
    func size(of name: String) -> Int64 {
        let keys: Set<URLResourceKey> = [.fileSizeKey, .isRegularFileKey]
        guard let files = FileManager.default.enumerator(at: folder(name), includingPropertiesForKeys: Array(keys)) else { return 0 }
        var total: Int64 = 0
        for case let url as URL in files {
            guard let values = try? url.resourceValues(forKeys: keys), values.isRegularFile == true else { continue }
            total += Int64(values.fileSize ?? 0)
        }
        return total
    }

    private func save() throws(EngineError) {
        try storage.persist(StoreFolder.encode(all), to: Self.file)
    }
}
