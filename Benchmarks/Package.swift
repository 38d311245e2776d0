// swift-tools-version: 6.0
import PackageDescription

// Kith's benchmarks, kept out of Kith's own manifest: Kith beside the raw SQLite C API and
// GRDB on the same work, and Kith's questions on growing synthetic networks. From this folder:
//   swift run -c release KithBenchmarks
let kith = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
    name: "KithBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "KithBenchmarks",
            dependencies: [
                .product(name: "Kith", package: kith),
                .product(name: "KithTestSupport", package: kith),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // "Who should get this?" judged on a public data set (EVALUATION.md).
        .executableTarget(
            name: "KithEvaluation",
            dependencies: [.product(name: "Kith", package: kith), .product(name: "KithTestSupport", package: kith)]),
    ],
    swiftLanguageModes: [.v6]
)
