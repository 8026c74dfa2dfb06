/// Sizes as people write them (`512K`, `64M`, `2G`, `1048576`) and as messages
/// show them. K, M and G are binary (1024), like the default 64 MB limit.
public enum ByteSize {
    /// Bytes for `text`, or nil when it is not a positive size. Accepts a plain
    /// number of bytes, or a number (decimals allowed) followed by K, M or G,
    /// optionally with `B` or `iB` (`64M`, `64MB`, `64MiB`, `1.5G`), any case.
    public static func parse(_ text: String) -> Int? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        for suffix in ["ib", "b"] where rest.hasSuffix(suffix) && rest.count > suffix.count {
            rest = rest.dropLast(suffix.count)
            break
        }
        var multiplier: Double = 1
        if let unit = rest.last, let power = ["k": 1.0, "m": 2.0, "g": 3.0, "t": 4.0][unit] {
            multiplier = pow1024(power)
            rest = rest.dropLast()
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              rest.filter({ $0 == "." }).count <= 1, let number = Double(rest) else { return nil }
        let bytes = (number * multiplier).rounded(.down)
        guard bytes >= 1, bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }

    /// `900 bytes`, `512 KB`, `1.5 MB`, `2 GB`: one decimal at most, none when whole.
    public static func describe(_ bytes: Int) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        let tenths = (value * 10).rounded(.down) / 10
        let number = tenths == tenths.rounded(.down) ? String(Int(tenths)) : String(tenths)
        return "\(number) \(units[unit])"
    }

    /// What `--max-size` takes, for a value it cannot read.
    public static func usage(got text: String) -> String {
        "--max-size takes a size such as 512K, 64M, 2G or a number of bytes (got '\(text)')"
    }

    /// The error for an input over the size limit (the same words for files,
    /// JSONL lines and WARC records).
    public static func overLimit(path: String, size: Int, limit: Int) -> InputError {
        var shown = (describe(size), describe(limit))
        if shown.0 == shown.1 { shown = ("\(shown.0) (\(size) bytes)", "\(shown.1) (\(limit) bytes)") }
        return InputError(path: path, message: "is \(shown.0), over the --max-size limit of \(shown.1); split it or raise --max-size")
    }

    private static func pow1024(_ power: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(power) { value *= 1024 }
        return value
    }
}
