/// What the build knew about its source. `scripts/package` writes the commit here before it
/// builds the release binary and puts this file back afterwards, so the package's binary names
/// the commit it was built from; any other build says nothing of the commit.
enum BuildInfo {
    /// The git commit (12 hex digits, "+dirty" when the tree had changes), or nil.
    static let commit: String? = nil
}
