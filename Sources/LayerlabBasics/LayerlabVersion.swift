/// layerlab's own version, and the Docker version whose behaviour its simulation follows.
public enum LayerlabVersion {
    public static let current = "0.1.0"
    /// The Docker Engine and CLI release the simulation is checked against (API 1.50).
    public static let simulatedDocker = "28.2.2"
    public static let simulatedAPI = "1.50"

    /// This machine's architecture as Docker names it (`amd64`, `arm64`).
    public static var architecture: String {
        #if arch(arm64)
        "arm64"
        #else
        "amd64"
        #endif
    }

    /// The same as the kernel names it (`uname -m`), which `docker info` shows.
    public static var machine: String { architecture == "arm64" ? "aarch64" : "x86_64" }
}
