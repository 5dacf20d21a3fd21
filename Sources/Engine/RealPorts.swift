/// The host's real ports, as layerlab's registry listeners take them while the Engine API is served:
/// a `registry:2` container then listens on its published port for real, so starting one fails as
/// Docker's does when another program holds that port.
public protocol RealPorts: AnyObject, Sendable {
    /// Whether a program other than layerlab's own listeners holds `host:port` (binding it fails
    /// with `address already in use`).
    func isHeldElsewhere(host: String, port: Int) -> Bool
}
