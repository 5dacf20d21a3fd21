import Course
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Testing

@Suite struct ProgressExportTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    /// `progress export -o FOLDER` at the prompt printed an internal error ("Is a directory").
    @Test func anExportIntoAFolderIsNamedAfterTheLearner() throws {
        let (transcript, status) = try home.run(["mkdir out", "progress export -o out"])
        #expect(status == 0)
        #expect(transcript.contains("Wrote /workspace/out/learner.json"))
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("workspace/out/learner.json").path))
    }

    @Test func anExportCarriesTheRecordAndAChecksumOverIt() throws {
        let lessons = BuiltInCourseTests.lessons
        let configuration = home.configuration(environment: ["LAYERLAB_LESSONS": lessons.path])
        _ = try home.run(["lesson 1", "hint", "check", "docker pull alpine:3.20", "next", "solution -y"], configuration: configuration)
        let pack = try CourseLocator.load(lessons)
        let export = try ProgressExport.read(home: home.url, learnerName: "learner", pack: pack, at: FixedWallClock.transcriptEpoch)
        let json = export.json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let exercises = try #require(object["exercises"] as? [[String: Any]])
        #expect(exercises.count == pack.exercises.count)
        #expect(exercises[0]["status"] as? String == "completed" && exercises[0]["hints_used"] as? Int == 1 && exercises[0]["attempts"] as? Int == 1)
        #expect(exercises[1]["solution_viewed"] as? Bool == true && exercises[1]["status"] as? String == "opened")
        let checksum = try #require(object["checksum"] as? String)
        let body = String(json[..<json.range(of: ",\n  \"checksum\"")!.lowerBound])
        #expect(checksum == "sha256:" + Digest.sha256(of: body).hex)
        let csv = export.csv.split(separator: "\n")
        #expect(csv.count == pack.exercises.count + 1)
        #expect(csv[1].hasPrefix("learner,docker-images,images-and-containers,pull-alpine,completed,1,1,false,"))
    }
}
