/// The strength rules a new password must pass: every failed rule is reported, not just the first.
///
/// The original's rules, with one change: any ASCII punctuation counts as a special character (the
/// original's list left out `-`, `_`, `+` and `=`).
public enum PasswordPolicy {
    public static let minLength = 8
    public static let maxLength = 128

    /// Passwords refused however they are cased.
    public static let common: Set<String> = [
        "password", "password1", "password123", "123456", "12345678", "123456789", "1234567890", "qwerty",
        "qwerty123", "abc123", "111111", "123123", "admin", "admin123", "letmein", "welcome", "welcome1",
        "monkey", "dragon", "master", "sunshine", "princess", "football", "iloveyou", "passw0rd", "p@ssw0rd",
        "p@ssword1", "changeme",
    ]

    /// Runs that make a password predictable, checked on the lowercased password.
    public static let sequences = ["qwerty", "asdfgh", "zxcvbn", "123456", "098765", "abcdef", "fedcba"]

    /// Every rule the password fails, in a fixed order; empty when it is acceptable.
    public static func failures(_ password: String) -> [String] {
        var failures: [String] = []
        let count = password.count
        if count < minLength { failures.append("must be at least \(minLength) characters long") }
        if count > maxLength { failures.append("must not exceed \(maxLength) characters") }
        if !password.contains(where: { $0.isASCII && $0.isUppercase }) {
            failures.append("must contain at least one uppercase letter")
        }
        if !password.contains(where: { $0.isASCII && $0.isLowercase }) {
            failures.append("must contain at least one lowercase letter")
        }
        if !password.contains(where: { $0.isASCII && $0.isNumber }) {
            failures.append("must contain at least one number")
        }
        if !password.contains(where: { $0.isASCII && ($0.isPunctuation || $0.isSymbol) }) {
            failures.append("must contain at least one special character")
        }
        let lowered = password.lowercased()
        if common.contains(lowered) { failures.append("is too common") }
        if sequences.contains(where: lowered.contains) { failures.append("contains a predictable sequence") }
        if hasRun(password, of: 3) { failures.append("must not repeat a character 3 times in a row") }
        return failures
    }

    private static func hasRun(_ password: String, of length: Int) -> Bool {
        var previous: Character?
        var run = 0
        for character in password {
            run = character == previous ? run + 1 : 1
            if run >= length { return true }
            previous = character
        }
        return false
    }
}
