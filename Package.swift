// swift-tools-version:6.0
//
// rollup: rolls indicator figures up an administrative tree and reports where plans and figures
// do not add up. The toolchain only: no package dependencies.
//
// Layering (each a target, so the compiler enforces it):
//   RollupModel      value types: units, indicators, figures, intervals, the per-period hierarchy
//   RollupNotation   reading a target or value as written ("<3", "94,17%", "28-30", levels)
//   RollupIO         CSV reading with positions, loading a data folder, writing results atomically
//   CRollupSystem    renameat2 (Glibc's module lacks it) and the x86 SHA instructions for SHA256
//   RollupKernel     the roll-up: aggregation states and the level-by-level parallel aggregator
//   RollupFindings   inconsistencies and progress against targets
//   RollupSimulation what-if: changed targets re-evaluated incrementally, what children would need
//   RollupReport     report.html (inline CSS and SVG) and its Markdown overview
//   RollupSynthetic  seeded synthetic hierarchies shared by tests and benchmarks
//   RollupCLI        the commands, their options and help (the `rollup` executable is a thin main)
import PackageDescription

let package = Package(
    name: "rollup",
    products: [
        .executable(name: "rollup", targets: ["rollup"]),
        .executable(name: "rollup-bench", targets: ["RollupBench"]),
        .executable(name: "rollup-simulate-bench", targets: ["SimulateBench"]),
    ],
    targets: [
        .target(name: "RollupModel"),
        .target(name: "RollupNotation", dependencies: ["RollupModel"]),
        .target(name: "CRollupSystem"),
        .target(
            name: "RollupIO", dependencies: ["RollupModel", "RollupNotation", "RollupKernel", "RollupFindings", "CRollupSystem"]),
        .target(name: "RollupKernel", dependencies: ["RollupModel"]),
        .target(name: "RollupFindings", dependencies: ["RollupModel", "RollupKernel"]),
        .target(name: "RollupSimulation", dependencies: ["RollupModel", "RollupNotation", "RollupKernel", "RollupFindings"]),
        .target(name: "RollupReport", dependencies: ["RollupModel", "RollupKernel", "RollupFindings"]),
        .target(name: "RollupSynthetic"),
        .target(
            name: "RollupCLI",
            dependencies: [
                "RollupModel", "RollupNotation", "RollupIO", "RollupKernel", "RollupFindings", "RollupSynthetic", "RollupReport", "RollupSimulation",
            ]
        ),
        .executableTarget(name: "rollup", dependencies: ["RollupCLI"]),
        .executableTarget(
            name: "RollupBench",
            dependencies: ["RollupCLI", "RollupSynthetic", "RollupIO", "RollupKernel", "RollupModel", "RollupFindings"],
            path: "Benchmarks/RollupBench"),
        .executableTarget(
            name: "SimulateBench", dependencies: ["RollupSimulation", "RollupIO", "RollupKernel", "RollupFindings", "RollupModel"],
            path: "Benchmarks/SimulateBench"),
        .target(name: "RollupTestSupport", dependencies: ["RollupSynthetic"], path: "Sources/RollupTestSupport"),
        .testTarget(name: "RollupModelTests", dependencies: ["RollupModel"]),
        .testTarget(name: "RollupNotationTests", dependencies: ["RollupNotation", "RollupModel"]),
        .testTarget(name: "RollupIOTests", dependencies: ["RollupIO", "RollupModel", "RollupNotation", "RollupTestSupport"]),
        .testTarget(name: "RollupKernelTests", dependencies: ["RollupKernel", "RollupModel", "RollupIO", "RollupTestSupport"]),
        .testTarget(
            name: "RollupFindingsTests", dependencies: ["RollupFindings", "RollupKernel", "RollupModel", "RollupIO", "RollupTestSupport"]),
        .testTarget(name: "RollupSyntheticTests", dependencies: ["RollupSynthetic"]),
        .testTarget(
            name: "RollupReportTests",
            dependencies: ["RollupReport", "RollupIO", "RollupModel", "RollupKernel", "RollupFindings", "RollupTestSupport"]),
        .testTarget(name: "RollupSimulationTests", dependencies: ["RollupSimulation", "RollupIO", "RollupTestSupport"]),
        .testTarget(name: "RollupCLITests", dependencies: ["RollupCLI", "RollupIO", "RollupSynthetic", "RollupTestSupport"]),
    ]
)
