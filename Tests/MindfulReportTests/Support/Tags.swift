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
    /// Tests that start local servers (HTTP, HTTPS, proxies) on 127.0.0.1.
    @Tag static var network: Self
    /// Tests that take seconds by design (waiting out a window, a Retry-After, a token's lifetime).
    @Tag static var slow: Self
    /// Tests that run the `mindful-report` executable as a child process.
    @Tag static var cli: Self
}
