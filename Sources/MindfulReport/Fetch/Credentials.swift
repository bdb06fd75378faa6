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
    public static let tokenVariable = CredentialVariables.standard.token
    /// The environment variable holding the OAuth client id.
    public static let clientIDVariable = CredentialVariables.standard.clientID
    /// The environment variable holding the OAuth client secret.
    public static let clientSecretVariable = CredentialVariables.standard.clientSecret

    /// Finds credentials: the content of `tokenFile` (trimmed) when given, else the token
    /// variable (`MINDFUL_API_TOKEN`), else the client id and secret variables
    /// (`MINDFUL_CLIENT_ID` with `MINDFUL_CLIENT_SECRET`), under the names `variables` gives.
    ///
    /// Returns `nil` when none are configured (a run that needs no network can go on). Throws
    /// when the token file cannot be read or is empty, when only one of the client variables is
    /// set, or when a value holds characters that cannot go in an HTTP header.
    public static func resolve(environment: [String: String], tokenFile: String?,
                               variables: CredentialVariables = .standard) throws(FetchError) -> Credentials? {
        let tokenVariable = variables.token, clientIDVariable = variables.clientID, clientSecretVariable = variables.clientSecret
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
            guard isHeaderSafe(id) else {
                throw .invalidCredentials("\(clientIDVariable) contains spaces or control characters")
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

/// The names of the environment variables that hold the credentials (the config file may
/// rename them, so that one machine can serve several organisations).
public struct CredentialVariables: Sendable, Equatable {
    /// The static bearer token's variable.
    public var token: String
    /// The OAuth client id's variable.
    public var clientID: String
    /// The OAuth client secret's variable.
    public var clientSecret: String

    /// `MINDFUL_API_TOKEN`, `MINDFUL_CLIENT_ID`, `MINDFUL_CLIENT_SECRET`.
    public static let standard = CredentialVariables(token: "MINDFUL_API_TOKEN", clientID: "MINDFUL_CLIENT_ID",
                                                     clientSecret: "MINDFUL_CLIENT_SECRET")
}
