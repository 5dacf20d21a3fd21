import LayerlabCommands

@main
struct Entrypoint {
    static func main() {
        Layerlab.main()
    }
}
