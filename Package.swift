// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Kith",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kith", targets: ["Kith"]),
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
        .testTarget(name: "KithTests", dependencies: ["Kith"]),
    ],
    swiftLanguageModes: [.v6]
)
