/// The program's version: one place, read by `--version`, the `User-Agent` and the package.
public enum MindfulReportVersion {
    /// `MAJOR.MINOR.PATCH`.
    public static let string = "0.9.0"
}
