// swift-tools-version: 6.0
import PackageDescription

// Kith's benchmarks, kept out of Kith's own manifest. Run from this folder:
//   swift run -c release KithBenchmarks [SIZES...]
let package = Package(
    name: "KithBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "KithBenchmarks", dependencies: [.product(name: "Kith", package: "main")]),
    ],
    swiftLanguageModes: [.v6]
)
