import Engine
import Shell

/// What `docker pull` prints. Not on a terminal: one line per layer status change. On a terminal,
/// Docker redraws each layer's line in place and only the final state stays; a simulated pull is
/// instant, so that final frame is what layerlab shows.
enum PullOutput {
    static func write(_ report: PullReport, to io: CommandIO, onTerminal: Bool) {
        let reference = report.reference
        // By digest, Docker names the whole reference before the colon.
        let label = reference.digest == nil ? reference.tag ?? "latest" : reference.description
        if report.outcome == .downloaded {
            io.print("\(label): Pulling from \(reference.path)")
            if onTerminal {
                // Lines keep the order they first appeared in: layers already here are reported first.
                for layer in report.layers where layer.alreadyExisted { io.print("\(layer.shortID): Already exists") }
                for layer in report.layers where !layer.alreadyExisted { io.print("\(layer.shortID): Pull complete") }
                io.print("Digest: \(report.manifestDigest)")
                io.print("Status: Downloaded newer image for \(reference.familiarDescription)")
                return
            }
            for layer in report.layers where layer.alreadyExisted {
                io.print("\(layer.shortID): Already exists")
            }
            let fresh = report.layers.filter { !$0.alreadyExisted }
            for layer in fresh { io.print("\(layer.shortID): Pulling fs layer") }
            for layer in fresh {
                io.print("\(layer.shortID): Verifying Checksum")
                io.print("\(layer.shortID): Download complete")
            }
            for layer in fresh { io.print("\(layer.shortID): Pull complete") }
            io.print("Digest: \(report.manifestDigest)")
            io.print("Status: Downloaded newer image for \(reference.familiarDescription)")
        } else {
            io.print("\(label): Pulling from \(reference.path)")
            io.print("Digest: \(report.manifestDigest)")
            io.print("Status: Image is up to date for \(reference.familiarDescription)")
        }
    }
}
