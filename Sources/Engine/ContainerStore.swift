import Foundation
import ImageModel
import LayerlabBasics
import LayerStore

/// The engine's containers: a record each (`containers/ID.json`), and how many were ever created
/// (`containers.json`), which makes each new ID and generated name different.
final class ContainerStore {
    private let storage: StoreFolder
    private var records: [String: ContainerRecord] = [:]
    private var saved: Saved
    /// Told of each change to a record (the world passes it on to attached clients and waits).
    var onActivity: ([ContainerActivity]) -> Void = { _ in }

    struct Saved: Codable {
        var containerCounter = 0

        init() {}

        /// Reads its own file, or the field of `repositories.json` that held it before layerlab gave
        /// each part of the engine a file of its own.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            containerCounter = try container.decodeIfPresent(Int.self, forKey: .containerCounter) ?? 0
        }
    }

    static let file = "containers.json"

    init(storage: StoreFolder) {
        self.storage = storage
        saved = storage.loadPart(Self.file, empty: Saved()) { $0.containerCounter > 0 }
        for name in storage.list("containers") where name.hasSuffix(".json") {
            if let data = storage.read("containers/\(name)"), let record = try? SortedKeysJSON.decoder.decode(ContainerRecord.self, from: data) {
                records[record.id] = record
            }
        }
    }

    var all: Dictionary<String, ContainerRecord>.Values { records.values }

    func record(_ id: String) -> ContainerRecord? { records[id] }

    /// How many containers were created before this one.
    var createdCount: Int { saved.containerCounter }

    /// Counts a new container; returns its serial number.
    func countNew() throws(EngineError) -> Int {
        saved.containerCounter += 1
        try storage.persist(StoreFolder.encode(saved), to: Self.file)
        return saved.containerCounter
    }

    func save(_ container: ContainerRecord) throws(EngineError) {
        try storage.persist(StoreFolder.encode(container), to: "containers/\(container.id).json")
        let old = records[container.id]
        records[container.id] = container
        let activity = ContainerActivity.between(old, container)
        if !activity.isEmpty { onActivity(activity) }
    }

    func remove(_ id: String) {
        let old = records.removeValue(forKey: id)
        storage.remove("containers/\(id).json")
        if let old { onActivity([.removed(old)]) }
    }
}
