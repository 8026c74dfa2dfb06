/// Characters a part of a regular expression can match, over-approximated:
/// exact for ASCII, and "some other character" for the rest.
struct RegexCharacters: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var other = false

    static let all = RegexCharacters(low: .max, high: .max, other: true)

    mutating func insert(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 64 { low |= 1 << value } else if value < 128 { high |= 1 << (value - 64) } else { other = true }
        // Patterns are compiled case-insensitive.
        if (0x41...0x5A).contains(value) { high |= 1 << (value + 32 - 64) }
        if (0x61...0x7A).contains(value) { high |= 1 << (value - 32 - 64) }
        if value >= 0x80 { other = true }
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        if range.upperBound >= 0x80 { other = true }
        let top = min(range.upperBound, 0x7F)
        guard range.lowerBound <= top else { return }
        for value in range.lowerBound...top { if let scalar = Unicode.Scalar(value) { insert(scalar) } }
    }

    mutating func formUnion(_ other: RegexCharacters) {
        low |= other.low
        high |= other.high
        self.other = self.other || other.other
    }

    /// Every ASCII character not in this set, and any other character.
    var complement: RegexCharacters { RegexCharacters(low: ~low, high: ~high, other: true) }

    func intersects(_ other: RegexCharacters) -> Bool {
        low & other.low != 0 || high & other.high != 0 || (self.other && other.other)
    }

    static func of(_ text: String) -> RegexCharacters {
        var set = RegexCharacters()
        for scalar in text.unicodeScalars { set.insert(scalar) }
        return set
    }

    static let digits = of("0123456789")
    static let word = of("0123456789_abcdefghijklmnopqrstuvwxyz")
    static let space = of(" \t\n\u{0B}\u{0C}\r")
    static let horizontalSpace = of(" \t")
    static let verticalSpace = of("\n\u{0B}\u{0C}\r")
    static let anyButNewline = RegexCharacters.of("\n").complement
}

/// A lenient parser of ICU regular expressions: the pattern has already been
/// compiled by `NSRegularExpression`, so anything it does not recognise is read
/// as a literal character.
struct RegexParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var freeSpacing = false

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? { index + ahead < scalars.count ? scalars[index + ahead] : nil }
    func text(_ span: Range<Int>) -> String {
        SourceLines.string(Array(scalars[min(span.lowerBound, scalars.count)..<min(span.upperBound, scalars.count)]))
    }

    mutating func parseAlternation() -> RegexTree {
        let start = index
        var branches = [parseSequence()]
        while peek() == "|" {
            index += 1
            branches.append(parseSequence())
        }
        if branches.count == 1 { return branches[0] }
        return .alternation(branches, span: start..<index, text: text(start..<index))
    }

    mutating func parseSequence() -> RegexTree {
        var items: [RegexTree] = []
        while let scalar = peek(), scalar != "|", scalar != ")" {
            let start = index
            var atom = parseAtom()
            atom = parseQuantifiers(atom, start: start)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    mutating func parseQuantifiers(_ atom: RegexTree, start: Int) -> RegexTree {
        var atom = atom
        while let scalar = peek() {
            var min = 0, max: Int? = nil
            switch scalar {
            case "*": index += 1
            case "+": min = 1; index += 1
            case "?": max = 1; index += 1
            case "{":
                guard let (low, high, length) = countedRepeat() else { return atom }
                min = low; max = high; index += length
            default:
                return atom
            }
            var possessive = false
            if peek() == "?" { index += 1 } else if peek() == "+" { possessive = true; index += 1 }
            atom = .quantified(atom, min: min, max: max, possessive: possessive, span: start..<index, text: text(start..<index))
        }
        return atom
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current index: the bounds and the length of the text.
    func countedRepeat() -> (Int, Int?, Int)? {
        var cursor = index + 1
        func number() -> Int? {
            var digits = ""
            while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) { digits.unicodeScalars.append(scalars[cursor]); cursor += 1 }
            return digits.isEmpty ? nil : Int(digits.prefix(9))
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            high = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        return (low, high, cursor + 1 - index)
    }

    mutating func parseAtom() -> RegexTree {
        let scalar = scalars[index]
        if freeSpacing {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { index += 1; return .empty }
            if scalar == "#" {
                while let next = peek(), next != "\n" { index += 1 }
                return .empty
            }
        }
        switch scalar {
        case "(": return parseGroup()
        case "[":
            index += 1
            return .characters(parseClass())
        case ".":
            index += 1
            return .characters(.anyButNewline)
        case "^", "$":
            index += 1
            return .empty
        case "\\":
            return parseEscape(inClass: false).map(RegexTree.characters) ?? lastEscapeTree
        default:
            index += 1
            var set = RegexCharacters()
            set.insert(scalar)
            return .characters(set)
        }
    }

    /// What a non-character escape stood for (set by `parseEscape`).
    var lastEscapeTree: RegexTree = .empty

    mutating func parseGroup() -> RegexTree {
        index += 1   // (
        var opaque = false, lookaround = false
        if peek() == "?" {
            index += 1
            switch peek() {
            case ":": index += 1
            case ">": index += 1; opaque = true
            case "=", "!": index += 1; opaque = true; lookaround = true
            case "#":
                while let next = peek(), next != ")" { index += 1 }
                if peek() == ")" { index += 1 }
                return .empty
            case "<":
                if peek(1) == "=" || peek(1) == "!" {
                    index += 2; opaque = true; lookaround = true
                } else {
                    while let next = peek(), next != ">" { index += 1 }   // (?<name>
                    if peek() == ">" { index += 1 }
                }
            default:
                // Flags: (?ix-m) or (?ix-m: ... )
                var flags = ""
                while let next = peek(), next != ")" && next != ":" { flags.unicodeScalars.append(next); index += 1 }
                let turnsOn = flags.split(separator: "-", maxSplits: 1).first ?? ""
                if turnsOn.contains("x") { freeSpacing = true }
                if peek() == ")" { index += 1; return .empty }
                if peek() == ":" { index += 1 }
            }
        }
        let inner = parseAlternation()
        if peek() == ")" { index += 1 }
        return .group(inner, opaque: opaque, lookaround: lookaround)
    }

    /// Reads an escape at `\`; returns the characters it matches, or nil when it
    /// is zero-width or a back-reference (then `lastEscapeTree` says which).
    mutating func parseEscape(inClass: Bool) -> RegexCharacters? {
        index += 1   // backslash
        guard let scalar = peek() else { return RegexCharacters.of("\\") }
        index += 1
        var set = RegexCharacters()
        switch scalar {
        case "d": return .digits.with(other: true)
        case "D": return RegexCharacters.digits.complement
        case "w": return .word.with(other: true)
        case "W": return RegexCharacters.word.complement
        case "s": return .space.with(other: true)
        case "S": return RegexCharacters.space.complement
        case "h": return .horizontalSpace.with(other: true)
        case "H": return RegexCharacters.horizontalSpace.complement
        case "v": return .verticalSpace.with(other: true)
        case "V": return RegexCharacters.verticalSpace.complement
        case "R": return .verticalSpace.with(other: true)
        case "X", "p", "P", "N":
            if peek() == "{" {
                while let next = peek(), next != "}" { index += 1 }
                if peek() == "}" { index += 1 }
            } else if scalar == "p" || scalar == "P" {
                if peek() != nil { index += 1 }
            }
            return .all
        case "b", "B", "A", "z", "Z", "G":
            if inClass && scalar == "b" { set.insert("\u{08}"); return set }
            lastEscapeTree = .empty
            return nil
        case "k":
            if peek() == "<" {
                while let next = peek(), next != ">" { index += 1 }
                if peek() == ">" { index += 1 }
            }
            lastEscapeTree = .reference
            return nil
        case "1"..."9" where !inClass:
            while let next = peek(), ("0"..."9").contains(next) { index += 1 }
            lastEscapeTree = .reference
            return nil
        case "Q":
            // Literal text up to \E: a run of characters.
            var items: [RegexTree] = []
            while let next = peek(), !(next == "\\" && peek(1) == "E") {
                var one = RegexCharacters()
                one.insert(next)
                items.append(.characters(one))
                index += 1
            }
            if peek() == "\\" { index += 2 }
            if inClass { return items.reduce(into: RegexCharacters()) { if case .characters(let c) = $1 { $0.formUnion(c) } } }
            lastEscapeTree = .sequence(items)
            return nil
        case "x":
            var digits = ""
            if peek() == "{" {
                index += 1
                while let next = peek(), next != "}" { digits.unicodeScalars.append(next); index += 1 }
                if peek() == "}" { index += 1 }
            } else {
                for _ in 0..<2 { if let next = peek(), next.properties.isASCIIHexDigit { digits.unicodeScalars.append(next); index += 1 } }
            }
            return Self.character(hex: digits)
        case "u", "U":
            var digits = ""
            for _ in 0..<(scalar == "u" ? 4 : 8) { if let next = peek(), next.properties.isASCIIHexDigit { digits.unicodeScalars.append(next); index += 1 } }
            return Self.character(hex: digits)
        case "0":
            var digits = ""
            for _ in 0..<3 { if let next = peek(), ("0"..."7").contains(next) { digits.unicodeScalars.append(next); index += 1 } }
            set.insert(Unicode.Scalar(UInt32(digits, radix: 8) ?? 0) ?? "\0")
            return set
        case "c":
            if let next = peek() { index += 1; set.insert(Unicode.Scalar(next.value & 0x1F) ?? "\0") }
            return set
        case "t": set.insert("\t")
        case "n": set.insert("\n")
        case "r": set.insert("\r")
        case "f": set.insert("\u{0C}")
        case "a": set.insert("\u{07}")
        case "e": set.insert("\u{1B}")
        default: set.insert(scalar)
        }
        return set
    }

    static func character(hex: String) -> RegexCharacters {
        var set = RegexCharacters()
        if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) { set.insert(scalar) } else { set = .all }
        return set
    }

    /// A set `[...]` after its `[`: the union of everything in it (an
    /// over-approximation for `&&` and `--`); negated only when every item is exact.
    mutating func parseClass() -> RegexCharacters {
        var negated = false
        if peek() == "^" { negated = true; index += 1 }
        var set = RegexCharacters()
        var exact = true
        var first = true
        while let scalar = peek(), scalar != "]" || first {
            first = false
            switch scalar {
            case "[":
                if peek(1) == ":" {
                    // POSIX [:alpha:]
                    while let next = peek(), next != "]" { index += 1 }
                    if peek() != nil { index += 1 }
                    set = .all; exact = false
                } else {
                    index += 1
                    set.formUnion(parseClass())
                    exact = false
                }
                continue
            case "&" where peek(1) == "&", "-" where peek(1) == "-":
                index += 2; exact = false
                continue
            case "\\":
                if let escaped = parseEscape(inClass: true) {
                    if escaped == .all { exact = false }
                    set.formUnion(escaped)
                }
                continue
            default:
                index += 1
                if peek() == "-", let high = peek(1), high != "]" {
                    index += 2
                    var top = high
                    if high == "\\" { index -= 1; top = (parseEscapeScalar() ?? "\u{10FFFF}") }
                    if scalar.value <= top.value { set.insert(scalar.value...top.value) }
                } else {
                    set.insert(scalar)
                }
            }
        }
        if peek() == "]" { index += 1 }
        return negated ? (exact ? set.complement : .all) : set
    }

    /// The single character of an escape used as a range's end (`[a-\x7A]`).
    mutating func parseEscapeScalar() -> Unicode.Scalar? {
        guard let set = parseEscape(inClass: true) else { return nil }
        if set.other { return "\u{10FFFF}" }
        for value in (0..<128).reversed() where RegexCharacters(low: value < 64 ? 1 << UInt64(value) : 0, high: value >= 64 ? 1 << UInt64(value - 64) : 0).intersects(set) {
            return Unicode.Scalar(UInt32(value))
        }
        return nil
    }
}

extension RegexCharacters {
    /// These characters, and (when `other`) any non-ASCII one: `\d` and `\w` match Unicode digits and letters.
    func with(other: Bool) -> RegexCharacters { RegexCharacters(low: low, high: high, other: self.other || other) }
}
