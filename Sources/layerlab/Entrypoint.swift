import LayerlabCommands

@main
struct Entrypoint {
    static func main() {
        Layerlab.main(commandLine: Array(CommandLine.arguments.dropFirst()))
    }
}
