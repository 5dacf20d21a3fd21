import Foundation

/// What `layerlab pack new` writes: a working pack with one lesson, one exercise and its starter
/// folder, which passes `pack validate` and `pack test` as it is.
public enum PackScaffold {
    public static func files(id: String) -> [String: String] {
        [
            "pack.yaml": """
            # A layerlab lesson pack. See the built-in course's Lessons/README.md for every key and check.
            id: \(id)
            title: My first lesson pack
            version: 0.1.0
            format_version: 1
            author: Your Name
            exam_mode: false
            lessons:
              - 01-first-image.md

            """,
            "01-first-image.md": """
            ---
            id: first-image
            title: Your first image
            exercises:
              - id: build-hello
                goal: Build the Dockerfile in the hello folder as hello:1.0.
                start:
                  workspace: hello
                hints:
                  - "`docker build -t NAME:TAG FOLDER` builds the Dockerfile in FOLDER."
                  - "Type: docker build -t hello:1.0 hello"
                solution:
                  - docker build -t hello:1.0 hello
                checks:
                  - image_exists: hello:1.0
                  - file: {image: "hello:1.0", path: /hello.txt, layer: COPY}
                wrong_answers:
                  - {why: "no tag means :latest", commands: [docker build -t hello hello]}
                  - {why: a new name for the base is not a build, commands: ["docker pull alpine:3.20", "docker tag alpine:3.20 hello:1.0"]}
            ---
            # Your first image

            A **Dockerfile** describes an image, one instruction per line. The `hello` folder in your
            workspace has one; build it and look at its layers with `layers hello:1.0`.

            """,
            "Sandbox/hello/Dockerfile": """
            FROM alpine:3.20
            COPY hello.txt /hello.txt
            CMD ["cat", "/hello.txt"]

            """,
            "Sandbox/hello/hello.txt": "Hello from my first lesson pack!\n",
        ]
    }

    /// Writes the scaffold into `folder`, which must not exist yet or be empty.
    public static func write(to folder: URL, id: String) throws {
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw PackError("\(folder.path) is not empty", hint: "choose a new folder for the pack")
        }
        for (path, text) in files(id: id) {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}
