/// Go's `strconv` parsing, where Docker and BuildKit read a setting with it.
public enum GoStrconv {
    /// `strconv.ParseBool`: the spellings Go takes, nil for any other text.
    public static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// The error `strconv.ParseBool` returns for text it does not take.
    public static func parseBoolError(_ text: String) -> String {
        "strconv.ParseBool: parsing \(GoQuote.string(text)): invalid syntax"
    }
}
