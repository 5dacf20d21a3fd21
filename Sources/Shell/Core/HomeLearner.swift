import Foundation
import LayerlabBasics

/// The one learner a home belongs to. The name is kept in the home when it is made (`--name`, or the
/// login name for a script or a command from another shell) or when the first run at a terminal asks
/// it, and never changes after: progress, resume notes and exports all find the learner by it.
public struct HomeLearner: Equatable, Sendable {
    /// The name a session on the home goes by; at a first run at a terminal, the one the question suggests.
    public var name: String
    /// True for a first run at a terminal without `--name`: the course asks the name, then keeps it.
    public var isAsked: Bool

    public init(name: String, isAsked: Bool) {
        self.name = name
        self.isAsked = isAsked
    }

    /// Who a session on `home` is for: the learner kept there; else `given` (`--name`); else, at a
    /// terminal, whoever answers the question; else the login name.
    public init(home: LayerlabHome, given: String?, interactive: Bool, environment: [String: String]) throws(HomeLearnerError) {
        var given = given
        if let raw = given {
            guard let name = Self.cleaned(raw) else { throw .invalidName(raw) }
            given = name
        }
        if let kept = home.savedLearnerName {
            // A second name would start a second record beside the first, and the resume note, the
            // exports and the next run would each pick one of them.
            if let given, given != kept { throw .belongsToAnother(home: home.url.path, owner: kept, given: given) }
            self.init(name: kept, isAsked: false)
        } else if let given {
            self.init(name: given, isAsked: false)
        } else {
            self.init(name: SessionConfiguration.defaultLearnerName(environment: environment), isAsked: interactive)
        }
    }

    /// A name as layerlab keeps it (one line, spaces around it dropped), or nil when there is none.
    public static func cleaned(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else { return nil }
        return trimmed
    }
}

/// Why a session cannot go by the name it was given.
public enum HomeLearnerError: Error, UserFacingError, Equatable {
    /// `--name` is not the name the home was made with.
    case belongsToAnother(home: String, owner: String, given: String)
    /// `--name` is empty or holds control characters.
    case invalidName(String)

    public var message: String {
        switch self {
        case .belongsToAnother(let home, let owner, let given):
            "the layerlab home \(home) is \(owner)'s, not \(given)'s: a home keeps the name it was made with"
        case .invalidName(let name):
            "--name \(JSONText.quoted(name)) is not a name: give a name on one line, as in --name Ada"
        }
    }

    public var hint: String? {
        switch self {
        case .belongsToAnother(let home, let owner, let given):
            "leave out --name to go on as \(owner) in \(home), or give \(given) a home of their own: --home DIR"
        case .invalidName:
            nil
        }
    }
}
