import Engine
import Foundation

/// What checks look at: the engine (images, containers, registries), the workspace and the home.
struct World {
    let engine: Engine
    let workspace: URL
    let home: URL
}

/// A check's verdict, with what holds or, when it fails, what is missing.
struct CheckResult: Equatable {
    var passed: Bool
    var detail: String
}
