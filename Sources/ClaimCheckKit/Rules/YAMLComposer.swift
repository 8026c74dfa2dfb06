import CYaml

/// Builds a `YAMLValue` tree straight from libyaml's events, in one loop with a
/// stack of its own (no recursion, so no nesting can overflow a thread's stack),
/// checking the document's shape as it goes:
///
/// - one document only;
/// - a key repeated in a mapping is reported at its second occurrence;
/// - nesting deeper than `maximumDepth`, and more than `maximumNodes` values once
///   aliases are expanded (aliases inside aliases), are refused where they happen.
///
/// Yams built a `Node` tree (a tag object per value, its anchors, its own
/// duplicate check by hashing whole nodes) that was then walked again here; that
/// was nine tenths of loading 128 rule and registry files.
struct YAMLComposer {
    /// A position as the messages give it: 1-based line and column.
    struct Mark {
        var line: Int
        var column: Int

        init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        init(_ mark: yaml_mark_t) {
            self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
    }

    /// Why a document could not be composed; `YAMLParser` words it for people.
    enum Failure: Error {
        /// libyaml's scanner or parser stopped: its problem, where, and what it was reading.
        case syntax(problem: String, at: Mark, context: String?, contextAt: Mark?)
        /// A byte that cannot appear in YAML, at this UTF-8 offset.
        case reader(problem: String, offset: Int, value: Int32)
        case duplicateKey(String, first: Mark, second: Mark)
        case secondDocument(at: Mark)
        case undefinedAlias(String, at: Mark)
        case tooDeep(at: Mark)
        case tooManyValues(at: Mark)
        case outOfMemory
    }

    let maximumDepth: Int
    let maximumNodes: Int

    /// A list or mapping being read, with what it holds so far.
    private struct Open {
        var mark: Mark
        var isMapping: Bool
        var anchor: String?
        var items: [YAMLValue] = []
        /// A mapping's keys so far, with where each first appears.
        var keys: [String: Mark] = [:]
        /// Values in it so far, itself included, with aliases expanded.
        var size = 1
        /// Levels below it so far, itself included.
        var height = 1
    }

    /// A finished value with its size and height (aliases expanded), for the
    /// limits, and what an anchor names.
    private struct Sized {
        var value: YAMLValue
        var size: Int
        var height: Int
    }

    /// The document's root, or nil when it holds none (empty, or only comments).
    func compose(_ text: String) throws(Failure) -> YAMLValue? {
        var text = text
        let result = text.withUTF8 { bytes -> Result<YAMLValue?, Failure> in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return .failure(.outOfMemory) }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var composition = Composition(limits: self)
            return Result { () throws(Failure) in try composition.run(&parser) }
        }
        return try result.get()
    }

    /// The state of one document's composition.
    private struct Composition {
        let limits: YAMLComposer
        var stack: [Open] = []
        var anchors: [String: Sized] = [:]
        var root: YAMLValue?
        /// Values so far, aliases expanded.
        var count = 0

        mutating func run(_ parser: inout yaml_parser_t) throws(Failure) -> YAMLValue? {
            var documents = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw YAMLComposer.failure(of: parser) }
                defer { yaml_event_delete(&event) }
                let mark = Mark(event.start_mark)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 { throw .secondDocument(at: mark) }
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                    let value = YAMLValue(content: .scalar(text, YAMLComposer.style(scalar.style)), line: mark.line, column: mark.column)
                    try place(Sized(value: value, size: 1, height: 1), at: mark, anchor: YAMLComposer.name(scalar.anchor))
                case YAML_ALIAS_EVENT:
                    let name = YAMLComposer.name(event.data.alias.anchor) ?? ""
                    guard let anchored = anchors[name] else { throw .undefinedAlias(name, at: mark) }
                    try place(anchored, at: mark, anchor: nil)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                    // Checked as it opens, so that runaway nesting stops at the level that goes too deep.
                    try checkLimits(size: 1, height: 1, at: mark)
                    stack.append(Open(mark: mark, isMapping: isMapping, anchor: YAMLComposer.name(anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let open = stack.removeLast()
                    let content: YAMLValue.Content
                    if open.isMapping {
                        content = .mapping(stride(from: 0, to: open.items.count - 1, by: 2).map { (open.items[$0], open.items[$0 + 1]) })
                    } else {
                        content = .sequence(open.items)
                    }
                    let value = Sized(value: YAMLValue(content: content, line: open.mark.line, column: open.mark.column),
                                      size: open.size, height: open.height)
                    try place(value, at: nil, anchor: open.anchor)
                default:
                    break   // stream start, document end
                }
            }
        }

        /// Counts a value in at the depth it would take, or refuses it.
        private mutating func checkLimits(size: Int, height: Int, at mark: Mark) throws(Failure) {
            if stack.count + height > limits.maximumDepth { throw .tooDeep(at: mark) }
            count += size
            if count > limits.maximumNodes { throw .tooManyValues(at: mark) }
        }

        /// Puts a finished value into the list or mapping open around it (or makes it
        /// the root), names it for aliases, and checks it against the limits unless it
        /// is a list or mapping, which was checked as it opened (`mark` nil).
        private mutating func place(_ value: Sized, at mark: Mark?, anchor: String?) throws(Failure) {
            if let mark { try checkLimits(size: value.size, height: value.height, at: mark) }
            if let anchor { anchors[anchor] = value }
            guard let top = stack.indices.last else { root = value.value; return }
            if stack[top].isMapping, stack[top].items.count % 2 == 0, case .scalar(let key, _) = value.value.content {
                let at = Mark(line: value.value.line, column: value.value.column)
                if let first = stack[top].keys[key] { throw .duplicateKey(key, first: first, second: at) }
                stack[top].keys[key] = at
            }
            stack[top].items.append(value.value)
            stack[top].size += value.size
            stack[top].height = max(stack[top].height, value.height + 1)
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func failure(of parser: yaml_parser_t) -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return .outOfMemory
        case YAML_READER_ERROR:
            return .reader(problem: problem, offset: parser.problem_offset, value: parser.problem_value)
        default:
            let context = parser.context.map { String(cString: $0) }
            return .syntax(problem: problem, at: Mark(parser.problem_mark), context: context,
                           contextAt: context == nil ? nil : Mark(parser.context_mark))
        }
    }
}
