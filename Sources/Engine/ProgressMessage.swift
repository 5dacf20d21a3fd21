/// One message of a daemon's progress stream (moby's jsonmessage: a status, and the ID of the layer
/// or tag it is about), as `docker pull` receives them.
public struct ProgressMessage: Sendable, Equatable {
    public var id: String?
    public var status: String

    public init(id: String?, status: String) {
        self.id = id
        self.status = status
    }
}

extension PullReport {
    /// The pull's progress stream, in the order the daemon sends it: what the client shows line by
    /// line when it is not on a terminal, and as each ID's last status on one.
    public var messages: [ProgressMessage] {
        // By digest, the daemon names the whole reference where a tag would be.
        let label = reference.digest == nil ? reference.tag ?? "latest" : reference.description
        var messages = [ProgressMessage(id: label, status: "Pulling from \(reference.path)")]
        if outcome == .downloaded {
            messages += layers.filter(\.alreadyExisted).map { ProgressMessage(id: $0.shortID, status: "Already exists") }
            let fresh = layers.filter { !$0.alreadyExisted }
            messages += fresh.map { ProgressMessage(id: $0.shortID, status: "Pulling fs layer") }
            for layer in fresh {
                messages += [ProgressMessage(id: layer.shortID, status: "Verifying Checksum"), ProgressMessage(id: layer.shortID, status: "Download complete")]
            }
            messages += fresh.map { ProgressMessage(id: $0.shortID, status: "Pull complete") }
        }
        messages.append(ProgressMessage(id: nil, status: "Digest: \(manifestDigest)"))
        let verdict = outcome == .downloaded ? "Downloaded newer image for" : "Image is up to date for"
        messages.append(ProgressMessage(id: nil, status: "Status: \(verdict) \(reference.familiarDescription)"))
        return messages
    }
}
