@testable import Course
import Foundation
import ImageCatalog
import LayerlabBasics
import Linter
import SimulatedShell
import LayerlabTestSupport
import LessonPack
import Shell
import Testing

/// The built-in course compiled into layerlab, for a binary away from its checkout (issue 21).
@Suite struct EmbeddedCourseTests {
    static let checkout = BuiltInCourseTests.lessons.deletingLastPathComponent()
    let home = TemporaryHome()
    /// Where an installed layerlab lives: no `Lessons/` above it.
    let installed = URL(fileURLWithPath: "/usr/local/bin/layerlab")

    /// Every file of `Lessons/` and `Sandbox/`, by its path in the checkout.
    static func checkoutFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for top in ["Lessons", "Sandbox"] {
            let root = checkout.appendingPathComponent(top).standardizedFileURL
            let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
            for case let url as URL in enumerator {
                guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
                files[top + "/" + String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func theEmbeddedCourseIsTheCheckoutsLessonsAndSandbox() throws {
        let onDisk = try Self.checkoutFiles()
        let embedded = EmbeddedCourse.files()
        let stale = Set(onDisk.keys).union(embedded.keys).filter { onDisk[$0] != embedded[$0] }.sorted()
        #expect(stale.isEmpty, "the course built into layerlab differs from the checkout in \(stale.joined(separator: ", ")): run Scripts/regenerate-embedded")
        #expect(onDisk["Lessons/pack.yaml"] != nil)
    }

    /// The modules' data files compiled in are the checkout's: a copied binary reads these, never the
    /// files (SwiftPM's resource folder would stay behind, and its accessor stops the program).
    @Test(arguments: [embeddedCatalogFiles, embeddedPackageFiles, embeddedLicenseFiles])
    func embeddedDataFilesAreTheCheckouts(_ files: EmbeddedFiles) throws {
        #expect(!files.paths.isEmpty)
        for path in files.paths {
            let onDisk = try Data(contentsOf: Self.checkout.appendingPathComponent(path))
            #expect(files.data(path) == onDisk, "\(path) built into layerlab differs from the checkout's: run Scripts/regenerate-embedded")
        }
    }

    @Test func awayFromItsCheckoutLayerlabWritesItsCourseIntoTheHome() throws {
        let folder = try CourseLocator.builtInPack(environment: [:], home: home.home, executable: installed)
        #expect(folder.path.hasPrefix(home.home.builtInCourseURL.path))
        let pack = try CourseLocator.load(folder)
        let original = try CourseLocator.load(BuiltInCourseTests.lessons)
        #expect(pack.manifest.id == original.manifest.id && pack.exercises.count == original.exercises.count)
        #expect(FileManager.default.fileExists(atPath: pack.sandbox.appendingPathComponent("python-app/Dockerfile").path), "the starters come along")
        #expect(try CourseLocator.builtInPack(environment: [:], home: home.home, executable: installed).path == folder.path, "written once")
    }

    @Test func anOlderCopyIsReplaced() throws {
        let old = home.home.builtInCourseURL.appendingPathComponent("0123456789ab/Lessons")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try Data("id: old\n".utf8).write(to: old.appendingPathComponent("pack.yaml"))
        let folder = try CourseLocator.builtInPack(environment: [:], home: home.home, executable: installed)
        #expect(folder.path != old.path)
        #expect(!FileManager.default.fileExists(atPath: old.path))
    }

    @Test func aHomeItCannotWriteToIsSaidPlainly() throws {
        try Data().write(to: home.url)
        let error = #expect(throws: PackError.self) {
            _ = try CourseLocator.builtInPack(environment: [:], home: home.home, executable: installed)
        }
        #expect(error?.message.hasPrefix("cannot write the built-in course into \(home.home.builtInCourseURL.path): ") == true)
        #expect(error?.hint?.contains("LAYERLAB_LESSONS") == true)
    }

    @Test func theCheckoutAboveTheExecutableComesFirst() throws {
        let executable = Self.checkout.appendingPathComponent(".build/debug/layerlab")
        #expect(try CourseLocator.builtInPack(environment: [:], home: home.home, executable: executable).path == BuiltInCourseTests.lessons.standardizedFileURL.path)
        #expect(!FileManager.default.fileExists(atPath: home.home.builtInCourseURL.path))
    }
}
