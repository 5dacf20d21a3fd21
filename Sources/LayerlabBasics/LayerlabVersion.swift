/// layerlab's own version, and the Docker version whose behaviour its simulation follows.
public enum LayerlabVersion {
    public static let current = "0.1.0"
    /// The Docker Engine and CLI release the simulation is checked against (API 1.50).
    public static let simulatedDocker = "28.2.2"
    public static let simulatedAPI = "1.50"
}
