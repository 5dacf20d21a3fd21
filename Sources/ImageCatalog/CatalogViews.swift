import Foundation
import LayerStore

/// Union views of chains of catalog layers, made once and shared by every world of the process: a
/// catalog layer holds the same entries in every home (no stored files), and stacking a base's
/// thousands of files again for each build, container and check was a fifth of `pack test`.
final class CatalogViews: @unchecked Sendable {
    /// Bases a course uses are few; past this many chains the oldest is dropped.
    private static let limit = 32

    private let lock = NSLock()
    private var views: [[String]: UnionView] = [:]
    private var order: [[String]] = []

    /// The view of `keys` (bottom first), made with `make` the first time.
    func view(of keys: [String], make: () -> UnionView) -> UnionView {
        if let view = lock.withLock({ views[keys] }) { return view }
        let view = make()
        lock.withLock {
            guard views.updateValue(view, forKey: keys) == nil else { return }
            order.append(keys)
            if order.count > Self.limit { views[order.removeFirst()] = nil }
        }
        return view
    }
}
