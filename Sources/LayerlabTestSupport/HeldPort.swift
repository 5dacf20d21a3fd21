import Foundation

/// A TCP port held on 127.0.0.1, bound and listening until released. Without a number the kernel
/// picks a free one, so tests that run side by side never pick the same port (random numbers did).
public final class HeldPort {
    public let port: Int
    private var descriptor: Int32

    public init?(_ port: Int = 0) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { release() }

    /// A port no program holds now, for a server the test starts: held a moment and let go (the
    /// kernel hands bound ports out from a moving point, so it is not given out again soon).
    public static func free() throws -> Int {
        guard let held = HeldPort() else { throw POSIXError(.EADDRNOTAVAIL) }
        return held.port
    }

    /// Closes the socket once; later calls do nothing (its number may belong to another file by then).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
