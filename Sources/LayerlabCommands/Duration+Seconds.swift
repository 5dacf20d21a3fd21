extension Duration {
    /// The duration in seconds, for benchmark reports.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
