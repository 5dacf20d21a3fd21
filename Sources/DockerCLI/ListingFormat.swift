import Foundation
import GoSemantics
import Shell

/// `--format` of `docker ps` and `docker images`, as the Docker CLI's formatter reads it: nothing for
/// the default table, `table TEMPLATE` for a table with headers, `json` for one JSON object per row,
/// or a Go template per row. `\t` and `\n` typed in the format are a tab and a new line.
struct ListingFormat {
    /// One column of the default table: a row field and its header.
    struct Column {
        var field: String
        var header: String
    }

    /// Every field a row offers, with its header in a `table` format.
    let headers: [String: String]
    /// The Go type of the CLI's row context, named in errors about unknown fields.
    let structName: String

    func write(_ rows: [[String: String]], defaultColumns: [Column], format: String?, io: CommandIO) throws {
        guard var text = format?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text != "table" else {
            let table = [defaultColumns.map(\.header)] + rows.map { row in defaultColumns.map { row[$0.field] ?? "" } }
            io.write(DockerFormat.table(table))
            return
        }
        if text == "json" {
            for row in rows {
                io.print(GoJSON.marshal(.object(row.keys.sorted().map { ($0, .string(row[$0] ?? "")) }), escapeHTML: false))
            }
            return
        }
        let isTable = text.hasPrefix("table ")
        if isTable { text = String(text.dropFirst("table ".count)).trimmingCharacters(in: .whitespaces) }
        text = text.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")
        let template = try DockerTemplate(text)
        func render(_ fields: [String: String]) throws -> String {
            do {
                return try template.render(.object(fields.keys.sorted().map { ($0, .string(fields[$0] ?? "")) }), structName: structName)
            } catch {
                throw CommandFailure(error.message, exitStatus: 1)
            }
        }
        guard isTable else {
            for row in rows { io.print(try render(row)) }
            return
        }
        let lines = try [render(headers)] + rows.map(render)
        io.write(DockerFormat.table(text: lines.map { $0 + "\n" }.joined()))
    }
}
