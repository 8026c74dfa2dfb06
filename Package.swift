// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ClaimCheck",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ClaimCheckKit", targets: ["ClaimCheckKit"]),
        .library(name: "ClaimCheckLanguageServer", targets: ["ClaimCheckLanguageServer"]),
        .executable(name: "claimcheck", targets: ["claimcheck"]),
        .executable(name: "claimcheck-bench", targets: ["claimcheck-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // For the libyaml it carries (its CYaml module): the rules, registry and config are
        // composed from libyaml's events by YAMLComposer, not through Yams's Node tree.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev", "pkg-config"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev", "pkg-config"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The executables' allocator. A check makes and frees small arrays for every
        // block, sentence and claim of a page; glibc's malloc spent a tenth of a run
        // in malloc, free and consolidating its heap, jemalloc about a third of that
        // (profile of `check` over 4,792 pages). Linked
        // into the executables only: the kit leaves the allocator to its host.
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .target(
            name: "ClaimCheckKit",
            dependencies: ["CLibXML2", "CCmarkGFM", "CZlib", "Yams"]
        ),
        // `claimcheck lsp`: the Language Server Protocol over stdio, on the kit alone.
        .target(
            name: "ClaimCheckLanguageServer",
            dependencies: ["ClaimCheckKit"]
        ),
        // The package's Rules/ folder, embedded at build time so the binaries need no
        // rules folder beside them (see Plugins/EmbedRules).
        .target(
            name: "ClaimCheckDefaultRules",
            dependencies: ["ClaimCheckKit"],
            exclude: ["Rules"],
            plugins: ["EmbedRules"]
        ),
        .plugin(
            name: "EmbedRules",
            capability: .buildTool(),
            dependencies: ["claimcheck-embed-rules"]
        ),
        .executableTarget(name: "claimcheck-embed-rules"),
        // `claimcheck serve`: the JSON API, the LanguageTool-compatible API and the editor's page.
        .target(
            name: "ClaimCheckServer",
            dependencies: [
                "ClaimCheckKit",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            // The editor's page (GET /), compiled into the binary.
            resources: [.embedInCode("Resources/editor.html")]
        ),
        .executableTarget(
            name: "claimcheck",
            dependencies: [
                "ClaimCheckKit",
                "ClaimCheckDefaultRules",
                "ClaimCheckLanguageServer",
                "ClaimCheckServer",
                "CJemalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "claimcheck-bench",
            dependencies: ["ClaimCheckKit", "ClaimCheckDefaultRules", "CJemalloc"]
        ),
        .executableTarget(
            name: "claimcheck-fuzz",
            dependencies: ["ClaimCheckKit", "ClaimCheckDefaultRules"]
        ),
        .testTarget(
            name: "ClaimCheckKitTests",
            // The command tests run the built tool, so `swift test` builds it too.
            dependencies: ["ClaimCheckKit", "ClaimCheckDefaultRules", "Yams", "claimcheck"]
        ),
        .testTarget(
            name: "ClaimCheckLanguageServerTests",
            dependencies: ["ClaimCheckLanguageServer", "ClaimCheckKit"]
        ),
        .testTarget(
            name: "ClaimCheckServerTests",
            // Byte-identity tests compare the server's replies with the built tool's output.
            dependencies: ["ClaimCheckServer", "ClaimCheckKit", "ClaimCheckDefaultRules", "claimcheck"]
        ),
    ]
)
