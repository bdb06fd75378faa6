import Testing

extension Tag {
    /// Significance tests of changes between periods (SPEC §8).
    @Tag static var statistics: Self
    /// Service goals (SPEC §7).
    @Tag static var goals: Self
    /// Pages and email that everyone can use (accessibility).
    @Tag static var accessibility: Self
    /// The sample data generator and `Samples/`.
    @Tag static var samples: Self
}
