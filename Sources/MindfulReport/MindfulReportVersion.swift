import CLibXML2

/// The program's version, written in this one place: the command's `--version`, the HTTP
/// `User-Agent` and the Debian package (`scripts/package` reads `string` from this file) use it.
public enum MindfulReportVersion {
    /// The release version, such as "1.0.0".
    public static let string = "1.0.0"

    /// "mindful-report/1.0.0", the product token for an HTTP `User-Agent`.
    public static let userAgent = "mindful-report/\(string)"

    /// The libxml2 loaded at run time, dotted ("2.9.14").
    public static var libxml2: String {
        let number = Int(String(cString: mindful_report_libxml_runtime_version())) ?? 0
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }

    /// The libxml2 whose headers the program was built with ("2.9.14").
    public static var libxml2Headers: String { String(cString: mindful_report_libxml_dotted_version()) }

    /// The W3C copyright notice of the DTDs built into the binary, one line.
    public static var builtInDTDNotice: String { BuiltInDTDs.notice }
}
