import Foundation

/// Whether a label's value has the format its `label-schema` type asks for, judged as hadolint judges
/// it (measured against hadolint 2.15.1): git hashes are 40 or 7 lower-case hex digits, SPDX values a
/// single current license identifier (no expressions), URLs absolute with a scheme, times full RFC 3339.
enum LabelValidator {
    static func isValid(_ value: String, as type: LintConfiguration.LabelType) -> Bool {
        switch type {
        case .text: true
        case .hash: (value.count == 40 || value.count == 7) && value.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        case .semver: matches(value, #"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"#)
        case .url: matches(value, #"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"#)
        case .rfc3339: matches(value, #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"#)
        case .email: matches(value, #"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$"#)
        case .spdx: spdxIdentifiers.contains(value)
        }
    }

    static func matches(_ value: String, _ pattern: String) -> Bool {
        value.range(of: pattern, options: .regularExpression) != nil
    }

    /// The SPDX license list, read once from the data file compiled in.
    static let spdxIdentifiers: Set<String> = {
        guard let data = embeddedLicenseFiles.data("Sources/Linter/Licenses/spdx-licenses.txt") else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
    }()
}
