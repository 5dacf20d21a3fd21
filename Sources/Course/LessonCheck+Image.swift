import LessonPack

extension LessonCheck.Kind {
    /// The image whose content alone decides this check (its layers, config, files and which layer
    /// supplies them, size, efficiency, the users of its /etc/passwd), for `class check`, which has
    /// nothing of a learner but what they pushed; nil for a check that needs more than an image: a
    /// Dockerfile or other workspace file, the build cache, a container, a login or a registry. Listed
    /// case by case, so a new kind of check must be placed on one side or the other.
    var judgedImage: String? {
        switch self {
        case .imageExists(let image), .layerCount(let image, _), .imageSize(let image, _), .efficiency(let image, _, _),
             .config(let image, _, _), .file(let image, _, _, _), .runsAs(let image, _):
            image
        case .officialPinnedBase, .lintClean, .ignores, .stepCached, .registryHas, .loggedIn, .containerRunning, .workspaceFile,
             .builtFrom, .fileMatches, .instructionOrder, .containerOutput, .httpResponse:
            nil
        }
    }
}
