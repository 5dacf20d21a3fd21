import Engine
import Foundation
import SimulatedWorld

/// What checks look at: the engine (images, containers, registries), the workspace and the saved logins.
struct WorldView {
    let engine: Engine
    let workspace: URL
    let credentials: CredentialStore
}

/// A check's verdict, with what holds or, when it fails, what is missing.
struct CheckResult: Equatable {
    var passed: Bool
    var detail: String
}
