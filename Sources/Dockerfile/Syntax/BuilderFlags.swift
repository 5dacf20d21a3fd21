import GoSemantics

/// Splits `--flag=value` words off the front of an instruction's arguments, as BuildKit's
/// `extractBuilderFlags` does. It walks bytes, not characters (a byte above 0x7F becomes the Latin-1
/// character, and bytes 0x85 and 0xA0 count as spaces); the quirk is kept so flags come out as BuildKit's do.
enum BuilderFlags {
    /// The flags and the rest of the line after them; `escape` is the Dockerfile's escape character.
    static func extract(from line: String, escape: Unicode.Scalar) -> (flags: [String], rest: String) {
        let escapeByte = UInt8(escape.value)
        let bytes = Array(line.utf8)
        enum Phase { case spaces, word, quote }
        var phase = Phase.spaces
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var quote: UInt8 = 0
        var blankOK = false
        var position = 0
        func rest(from start: Int) -> String { String(decoding: bytes[start...], as: UTF8.self) }
        while position <= bytes.count {
            let atEnd = position == bytes.count
            var byte: UInt8 = atEnd ? 0 : bytes[position]
            if phase == .spaces {
                if atEnd { break }
                if GoText.isSpace(byte: byte) {
                    position += 1
                    continue
                }
                if byte != UInt8(ascii: "-") || position + 1 == bytes.count || bytes[position + 1] != UInt8(ascii: "-") {
                    return (words, rest(from: position))
                }
                phase = .word
            }
            if atEnd {
                if String(word) != "--" && (blankOK || !word.isEmpty) { words.append(String(word)) }
                break
            }
            if phase == .word {
                if GoText.isSpace(byte: byte) {
                    phase = .spaces
                    if String(word) == "--" { return (words, rest(from: position)) }
                    if blankOK || !word.isEmpty { words.append(String(word)) }
                    word = String.UnicodeScalarView()
                    blankOK = false
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    blankOK = true
                    phase = .quote
                    position += 1
                    continue
                }
                if byte == escapeByte {
                    if position + 1 == bytes.count {
                        position += 1
                        continue
                    }
                    position += 1
                    byte = bytes[position]
                }
                // Go appends string(rune(b)): a byte above 0x7F becomes the Latin-1 character.
                word.append(Unicode.Scalar(byte))
                position += 1
                continue
            }
            if byte == quote {
                phase = .word
                position += 1
                continue
            }
            if byte == escapeByte {
                if position + 1 == bytes.count {
                    phase = .word
                    position += 1
                    continue
                }
                position += 1
                byte = bytes[position]
            }
            word.append(Unicode.Scalar(byte))
            position += 1
        }
        return (words, "")
    }
}
