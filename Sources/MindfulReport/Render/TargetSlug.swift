/// File names of target pages and appendices: safe on every file system, unique per
/// `callTargetId`, and stable across runs (made from the id alone, never from the name).
public enum TargetSlug {
    /// The slug of records without a call target.
    public static let unassigned = "_unassigned"

    /// A plain lower-case id (`[a-z0-9][a-z0-9_-]{0,63}`) is its own slug; any other id becomes
    /// `_`, its safe characters cut to 40, `-` and 16 hex digits of an FNV-1a hash of its
    /// bytes, so ids differing only in case or in unsafe characters never share a file.
    public static func slug(forTargetId id: String) -> String {
        if id.isEmpty { return unassigned }
        let bytes = Array(id.utf8)
        let plain = bytes.count <= 64 && bytes.allSatisfy { isLowerAlnum($0) || $0 == 0x2D || $0 == 0x5F } && isLowerAlnum(bytes[0])
        if plain { return id }
        var safe = ""
        for b in bytes {
            if isLowerAlnum(b) { safe.unicodeScalars.append(Unicode.Scalar(b)) }
            else if (0x41...0x5A).contains(b) { safe.unicodeScalars.append(Unicode.Scalar(b + 32)) }
            else if !safe.isEmpty && !safe.hasSuffix("-") { safe += "-" }
            if safe.count >= 40 { break }
        }
        while safe.hasSuffix("-") { safe.removeLast() }
        let hash = String(fnv1a(bytes), radix: 16)
        let padded = String(repeating: "0", count: 16 - hash.count) + hash
        return safe.isEmpty ? "_\(padded)" : "_\(safe)-\(padded)"
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
