import Foundation

/// How the program authenticates to the Mindful API.
///
/// The descriptions (`"\(credentials)"`, `String(reflecting:)`, `dump`) never show the token or
/// the client secret.
public enum Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A static bearer token (`MINDFUL_API_TOKEN` or `--token-file`).
    case bearer(String)
    /// OAuth 2.0 client credentials (`MINDFUL_CLIENT_ID`, `MINDFUL_CLIENT_SECRET`).
    case clientCredentials(id: String, secret: String)

    /// The environment variable holding a static token.
    public static let tokenVariable = "MINDFUL_API_TOKEN"
    /// The environment variable holding the OAuth client id.
    public static let clientIDVariable = "MINDFUL_CLIENT_ID"
    /// The environment variable holding the OAuth client secret.
    public static let clientSecretVariable = "MINDFUL_CLIENT_SECRET"

    /// Finds credentials: the content of `tokenFile` (trimmed) when given, else
    /// `MINDFUL_API_TOKEN`, else `MINDFUL_CLIENT_ID` with `MINDFUL_CLIENT_SECRET`.
    ///
    /// Returns `nil` when none are configured (a run that needs no network can go on). Throws
    /// when the token file cannot be read or is empty, when only one of the client variables is
    /// set, or when a value holds characters that cannot go in an HTTP header.
    public static func resolve(environment: [String: String], tokenFile: String?) throws(FetchError) -> Credentials? {
        if let tokenFile {
            let text: String
            do {
                text = try String(decoding: FileBytes.read(tokenFile), as: UTF8.self)
            } catch {
                throw .tokenFileUnreadable(path: tokenFile, underlying: "\(error)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw .invalidCredentials("the token file \(tokenFile) is empty") }
            guard isHeaderSafe(token) else {
                throw .invalidCredentials("the token in \(tokenFile) contains spaces or control characters")
            }
            return .bearer(token)
        }
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        if let token = value(tokenVariable) {
            guard isHeaderSafe(token) else { throw .invalidCredentials("\(tokenVariable) contains spaces or control characters") }
            return .bearer(token)
        }
        switch (value(clientIDVariable), value(clientSecretVariable)) {
        case let (id?, secret?):
            guard isHeaderSafe(id), !id.contains(":") else {
                throw .invalidCredentials("\(clientIDVariable) contains a colon, spaces or control characters")
            }
            guard !secret.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .invalidCredentials("\(clientSecretVariable) contains control characters")
            }
            return .clientCredentials(id: id, secret: secret)
        case (_?, nil):
            throw .invalidCredentials("\(clientIDVariable) is set but \(clientSecretVariable) is not")
        case (nil, _?):
            throw .invalidCredentials("\(clientSecretVariable) is set but \(clientIDVariable) is not")
        case (nil, nil):
            return nil
        }
    }

    /// The strings that must never be shown: the token, or the client secret.
    var secrets: [String] {
        switch self {
        case .bearer(let token): return [token]
        case .clientCredentials(_, let secret): return [secret]
        }
    }

    public var description: String {
        switch self {
        case .bearer: return "static bearer token (hidden)"
        case .clientCredentials(let id, _): return "OAuth client credentials for client \(id) (secret hidden)"
        }
    }

    public var debugDescription: String { "Credentials(\(description))" }

    public var customMirror: Mirror { Mirror(self, children: ["kind": description], displayStyle: .enum) }

    private static func isHeaderSafe(_ s: String) -> Bool {
        !s.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
