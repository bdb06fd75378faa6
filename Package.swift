// swift-tools-version:6.0
import PackageDescription

/// The libraries of other packages that MindfulReport uses, by package.
let reportLibraries: [Target.Dependency] = [
    ("swift-log", ["Logging"]), ("Yams", ["Yams"]), ("async-http-client", ["AsyncHTTPClient"]),
    ("swift-nio", ["NIOCore", "NIOPosix", "NIOHTTP1"]), ("swift-nio-ssl", ["NIOSSL"]),
].flatMap { package, names in names.map { Target.Dependency.product(name: $0, package: package) } }

let package = Package(
    name: "mindful-report",
    products: [
        .executable(name: "mindful-report", targets: ["mindful-report"]),
        .library(name: "MindfulReport", targets: ["MindfulReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CSystemShims"),
        // The byte-level JSON reader (pointer loops confined here, a safe public API) and the
        // record types it produces.
        .target(name: "MindfulJSON"),
        .target(
            name: "MindfulReport",
            dependencies: ["CLibXML2", "CSystemShims", "MindfulJSON"] + reportLibraries,
            resources: [.embedInCode("Templates"), .embedInCode("Validate/DTDs")]
        ),
        .executableTarget(
            name: "mindful-report",
            dependencies: [
                "MindfulReport",
                "CSystemShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MindfulReportTests",
            dependencies: ["MindfulReport", "MindfulJSON", "CSystemShims"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
