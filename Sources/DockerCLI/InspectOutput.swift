import Engine
import GoSemantics
import Shell

/// How `docker inspect` and `docker image inspect` print what they found: indented JSON by default,
/// one compact line with `--format json`, or a Go template per object; errors come after the output,
/// in the order of the names asked for, as the Docker CLI gathers them.
enum InspectOutput {
    /// What one name on the command line gave: an object, or the error for it.
    enum Found {
        case object(JSONValue)
        case error(String)
    }

    /// Inspects each name the command was given, a daemon error standing for a name that failed, and
    /// prints what was found (`docker image inspect`, `docker volume inspect`).
    static func run(_ invocation: DockerInvocation, _ inspect: (String) throws(EngineError) -> JSONValue) throws -> Int32 {
        let found: [Found] = invocation.arguments.operands.map { name in
            do throws(EngineError) {
                return .object(try inspect(name))
            } catch {
                return .error(DaemonFailure(error).message)
            }
        }
        return try write(found, format: invocation.arguments.value("format"), io: invocation.io)
    }

    static func write(_ found: [Found], format: String?, io: CommandIO) throws -> Int32 {
        let objects = found.compactMap { if case .object(let object) = $0 { object } else { nil } }
        // A template adds its own failures, in the order of the names; otherwise these are all.
        var errors = found.compactMap { if case .error(let message) = $0 { message } else { nil } }
        switch format {
        case nil, "":
            io.print(GoJSON.marshalIndent(.array(objects), indent: "    "))
        case "json":
            io.print(GoJSON.marshal(.array(objects), escapeHTML: false))
        case let text?:
            errors = []
            let template = try DockerTemplate(text)
            var output = ""
            for item in found {
                switch item {
                case .object(let object):
                    do {
                        output += try template.render(object) + "\n"
                    } catch {
                        errors.append(error.message)
                    }
                case .error(let message):
                    errors.append(message)
                }
            }
            io.write(output.isEmpty ? "\n" : output)
        }
        for error in errors { io.printError(error) }
        return errors.isEmpty ? 0 : 1
    }
}
