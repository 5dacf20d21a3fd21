import LayerlabBasics

/// What went wrong with the progress database, with what the learner can do about it.
public enum ProgressStoreError: Error, UserFacingError, Equatable {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(reason: String)
    case writeFailed(reason: String)
    case readFailed(reason: String)

    public var message: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the progress database at \(path): \(reason)"
        case .migrationFailed(let reason): "cannot bring the progress database up to date: \(reason)"
        case .writeFailed(let reason): "cannot save progress: \(reason)"
        case .readFailed(let reason): "cannot read progress: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotOpen:
            "check that the layerlab home folder is writable, or choose another with --home DIR"
        case .migrationFailed:
            "this database may come from a newer layerlab; update layerlab (your progress was not changed)"
        case .writeFailed, .readFailed:
            "check free disk space and permissions of the layerlab home folder"
        }
    }
}
