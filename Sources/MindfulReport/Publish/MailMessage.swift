import Foundation

/// An RFC 5322 / MIME message, built as bytes and nothing else: `multipart/mixed` holding a
/// `multipart/alternative` (a `text/plain` and a `text/html` body) and the attachments.
///
/// Headers with non-ASCII text use RFC 2047 encoded-words (`=?UTF-8?B?...?=`), folded so no
/// header line passes 76 characters where it can be helped; bodies are quoted-printable and
/// attachments base64, so every line is at most 76 octets. Lines end in CRLF. Header values are
/// stripped of CR and LF, so nothing can add a header.
public struct MailMessage: Sendable {
    /// A file attached to the message.
    public struct Attachment: Sendable {
        /// An ASCII file name (`summary.csv`).
        public var filename: String
        /// Such as `text/csv; charset=utf-8`.
        public var contentType: String
        public var bytes: [UInt8]

        public init(filename: String, contentType: String, bytes: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public var from: String
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var date: Date
    /// The zone the `Date:` header is written in.
    public var timeZone: TimeZone
    /// Without angle brackets: `20230609T063000.1a2b@example.com`.
    public var messageID: String
    public var text: String
    /// The HTML body, UTF-8.
    public var html: [UInt8]
    public var attachments: [Attachment]

    public init(from: String, to: [String], cc: [String] = [], subject: String, date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
                messageID: String, text: String, html: [UInt8], attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// A Message-ID: the time, a random part and the domain of `from` (`localhost` without one).
    public static func makeMessageID(from: String, date: Date) -> String {
        let addr = (try? parseAddress(from))?.address ?? ""
        let domain = addr.split(separator: "@").last.map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let stamp = Int(date.timeIntervalSince1970)
        return "mindful-report.\(stamp).\(String(UInt64.random(in: 0...UInt64.max), radix: 36))@\(domain)"
    }

    /// The message as bytes.
    public func bytes() throws(MailError) -> [UInt8] {
        guard !to.isEmpty || !cc.isEmpty else { throw .noRecipients }
        let seed = String(fnv(Array((messageID + subject).utf8)), radix: 16)
        let mixed = "=_mr_\(seed)_mixed", alternative = "=_mr_\(seed)_alt"
        var out = ""
        out += try Self.addressHeader("From", [from])
        if !to.isEmpty { out += try Self.addressHeader("To", to) }
        if !cc.isEmpty { out += try Self.addressHeader("Cc", cc) }
        out += Self.textHeader("Subject", subject)
        out += "Date: \(Self.rfc5322Date(date, timeZone: timeZone))\r\n"
        out += "Message-ID: <\(Self.clean(messageID).filter { $0 != "<" && $0 != ">" && $0 != " " })>\r\n"
        out += "MIME-Version: 1.0\r\n"
        out += "Auto-Submitted: auto-generated\r\n"
        out += "Content-Type: multipart/mixed; boundary=\"\(mixed)\"\r\n"
        out += "\r\n"
        out += "This is a MIME message: the callback report as text and HTML, with CSVs.\r\n"
        out += "\r\n--\(mixed)\r\n"
        out += "Content-Type: multipart/alternative; boundary=\"\(alternative)\"\r\n\r\n"
        out += "--\(alternative)\r\n"
        out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        out += Self.quotedPrintable(Array(text.utf8))
        out += "\r\n--\(alternative)\r\n"
        out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        out += Self.quotedPrintable(html)
        out += "\r\n--\(alternative)--\r\n"
        for a in attachments {
            let name = Self.clean(a.filename).filter { $0.isASCII && $0 != "\"" && $0 != "\\" }
            out += "\r\n--\(mixed)\r\n"
            out += "Content-Type: \(Self.clean(a.contentType)); name=\"\(name)\"\r\n"
            out += "Content-Disposition: attachment; filename=\"\(name)\"\r\n"
            out += "Content-Transfer-Encoding: base64\r\n\r\n"
            out += Data(a.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            out += "\r\n"
        }
        out += "\r\n--\(mixed)--\r\n"
        return Array(out.utf8)
    }

    // MARK: Headers

    /// `Thu, 08 Jun 2023 07:00:00 +0000`.
    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// An address, `Name <user@host>` or `user@host`, split in two.
    public static func parseAddress(_ text: String) throws(MailError) -> (name: String?, address: String) {
        let t = clean(text).trimmingCharacters(in: .whitespaces)
        var name: String?, address = t
        if let open = t.lastIndex(of: "<"), t.hasSuffix(">") {
            address = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            let n = t[..<open].trimmingCharacters(in: .whitespaces)
            name = n.isEmpty ? nil : (n.hasPrefix("\"") && n.hasSuffix("\"") && n.count >= 2 ? String(n.dropFirst().dropLast()) : n)
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && !"<>()[],;:\\\"".unicodeScalars.contains($0) }) else {
            throw .badAddress(text)
        }
        return (name, address)
    }

    static func addressHeader(_ name: String, _ addresses: [String]) throws(MailError) -> String {
        var tokens: [String] = []
        for (i, a) in addresses.enumerated() {
            let (display, address) = try parseAddress(a)
            var words: [String] = []
            if let display {
                if display.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) {
                    let specials = "()<>[]:;@\\,.\""
                    let needsQuotes = display.unicodeScalars.contains { specials.unicodeScalars.contains($0) }
                    let escaped = display.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    words += needsQuotes ? ["\"\(escaped)\""] : display.split(separator: " ").map(String.init)
                } else {
                    words += encodedWords(display)
                }
                words.append("<\(address)>")
            } else {
                words.append(address)
            }
            if i < addresses.count - 1 { words[words.count - 1] += "," }
            tokens += words
        }
        return fold(name, tokens)
    }

    /// An unstructured header (Subject): plain words, or encoded-words when any character is
    /// not printable ASCII.
    static func textHeader(_ name: String, _ value: String) -> String {
        let v = clean(value)
        if v.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) {
            return fold(name, v.split(separator: " ").map(String.init))
        }
        return fold(name, encodedWords(v))
    }

    /// RFC 2047 `B` encoded-words of at most 39 UTF-8 bytes each (64 characters), never
    /// splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = [], chunk: [UInt8] = []
        func flush() {
            if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
            chunk = []
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    /// `Name: token token ...`, folded (CRLF SP) before a token that would pass 76 characters.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var out = "\(name):", lineLength = out.count
        for token in tokens {
            if lineLength + 1 + token.utf8.count > 76 && lineLength > name.count + 1 {
                out += "\r\n"
                lineLength = 0
            }
            out += " " + token
            lineLength += 1 + token.utf8.count
        }
        return out + "\r\n"
    }

    /// No CR or LF (or other control characters) in header text.
    static func clean(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? " " : $0 }))
    }

    // MARK: Bodies

    /// Quoted-printable (RFC 2045) of text whose lines end in LF or CRLF; encoded lines are at
    /// most 76 characters, soft breaks included, and end in CRLF.
    public static func quotedPrintable(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (n, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            var length = 0
            for (i, b) in zip(line.indices, line) {
                let atEnd = i == line.index(before: line.endIndex)
                let literal = (b >= 33 && b <= 126 && b != 0x3D) || ((b == 0x20 || b == 0x09) && !atEnd)
                let token: [UInt8] = literal ? [b] : [0x3D, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                // Room for a soft break "=" unless this is the line's last token.
                let limit = atEnd ? 76 : 75
                if length + token.count > limit {
                    out += [0x3D, 0x0D, 0x0A]
                    length = 0
                }
                out += token
                length += token.count
            }
            if n < lines.count - 1 || bytes.last == 0x0A { out += [0x0D, 0x0A] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func fnv(_ bytes: [UInt8]) -> UInt64 { TargetSlug.fnv1a(bytes) }
}

/// Why a message could not be made or sent.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    case badAddress(String)
    case noRecipients
    case noSender
    case invalidHTML(ValidationFailure)
    case render(RenderError)
    case cannotRead(path: String, underlying: String)
    case cannotWrite(path: String, underlying: String)
    case sendmailFailed(path: String, status: Int32, stderr: String)
    case sendmailNotRunnable(path: String, underlying: String)

    public var description: String {
        switch self {
        case .badAddress(let a): return "\"\(MailMessage.clean(a))\" is not a mail address (user@example.com or Name <user@example.com>)"
        case .noRecipients: return "the email has no recipients (To: or Cc:)"
        case .noSender: return "the email has no sender (From:)"
        case .invalidHTML(let f): return "the email's HTML body is invalid, nothing sent: \(f)"
        case .render(let e): return e.description
        case .cannotRead(let path, let underlying): return "cannot read \(path) for the email: \(underlying)"
        case .cannotWrite(let path, let underlying): return "cannot write the email to \(path): \(underlying)"
        case .sendmailFailed(let path, let status, let stderr):
            return "\(path) -t -i exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
        case .sendmailNotRunnable(let path, let underlying): return "cannot run \(path): \(underlying)"
        }
    }
}
