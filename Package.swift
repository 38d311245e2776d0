// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Kith",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kith", targets: ["Kith"]),
        // Deterministic networks and random numbers for tests and benchmarks; not for apps.
        .library(name: "KithTestSupport", targets: ["KithTestSupport"]),
        // CardDAV sync (RFC 6352, 6578, 6764) through Foundation's URLSession.
        .library(name: "KithSync", targets: ["KithSync"]),
        .executable(name: "kith", targets: ["KithCommand"]),
        .executable(name: "kith-watch", targets: ["KithWatch"]),
    ],
    dependencies: [
        // For the example tools only; the library depends on nothing but libsqlite3.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Build-time only: `swift package generate-documentation` builds Sources/Kith/Kith.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The system SQLite, through a module map. The library depends on nothing else.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(
            name: "Kith",
            dependencies: ["CSQLite"],
            plugins: ["EmbedMigrations"]
        ),
        .target(name: "KithTestSupport", dependencies: ["Kith"]),
        .target(name: "KithSync", dependencies: ["Kith"]),
        // Build-time only: turns Migrations/*.sql into Swift string literals.
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),
        .executableTarget(
            name: "QuickStart",
            dependencies: ["Kith"],
            path: "Examples/QuickStart"
        ),
        // "Who should get this?" printed again whenever the database changes (change notifications).
        .executableTarget(
            name: "KithWatch",
            dependencies: ["Kith"],
            path: "Examples/KithWatch"
        ),
        .executableTarget(
            name: "KithCommand",
            dependencies: ["Kith", "KithSync", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/kith",
            exclude: ["kith-json.schema.json"]  // the JSON contract, checked by the tests
        ),
        // The processes the reliability tests start, kill and race (RELIABILITY.md).
        .executableTarget(
            name: "KithStress",
            dependencies: ["Kith", "KithTestSupport"],
            path: "Tests/KithStress"
        ),
        // Depends on the `kith` and `kith-watch` tools and the stress helper so that they are built before the tests that run them.
        .testTarget(
            name: "KithTests",
            dependencies: ["Kith", "KithSync", "KithTestSupport", "KithCommand", "KithStress", "KithWatch"],
            exclude: ["Fixtures"]  // read by path: the contact exports every run imports (Fixtures/SOURCES.md)
        ),
    ],
    swiftLanguageModes: [.v6]
)
