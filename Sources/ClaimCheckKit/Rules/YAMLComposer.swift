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
    struct Mark: Equatable {
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
    enum Failure: Error, Equatable {
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

    /// What an anchor names, with its size and height for expanding it.
    private struct Anchored {
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
            return Result { () throws(Failure) in try run(&parser) }
        }
        return try result.get()
    }

    private func run(_ parser: inout yaml_parser_t) throws(Failure) -> YAMLValue? {
        var stack: [Open] = []
        var anchors: [String: Anchored] = [:]
        var root: YAMLValue?
        var count = 0
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.failure(of: parser) }
            defer { yaml_event_delete(&event) }
            let mark = Mark(event.start_mark)
            var finished: (value: YAMLValue, anchor: String?, size: Int, height: Int)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw .secondDocument(at: mark) }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                finished = (YAMLValue(content: .scalar(text, Self.style(scalar.style)), line: mark.line, column: mark.column),
                            Self.name(scalar.anchor), 1, 1)
            case YAML_ALIAS_EVENT:
                let name = Self.name(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else { throw .undefinedAlias(name, at: mark) }
                finished = (anchored.value, nil, anchored.size, anchored.height)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if stack.count + 1 > maximumDepth { throw .tooDeep(at: mark) }
                count += 1
                if count > maximumNodes { throw .tooManyValues(at: mark) }
                stack.append(Open(mark: mark, isMapping: isMapping, anchor: Self.name(anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let open = stack.removeLast()
                let content: YAMLValue.Content
                if open.isMapping {
                    var pairs: [(key: YAMLValue, value: YAMLValue)] = []
                    pairs.reserveCapacity(open.items.count / 2)
                    var index = 0
                    while index + 1 < open.items.count {
                        pairs.append((open.items[index], open.items[index + 1]))
                        index += 2
                    }
                    content = .mapping(pairs)
                } else {
                    content = .sequence(open.items)
                }
                // Already counted when it opened: only its size and height travel up.
                finished = (YAMLValue(content: content, line: open.mark.line, column: open.mark.column), open.anchor, open.size, open.height)
                if let anchor = open.anchor { anchors[anchor] = Anchored(value: finished!.value, size: open.size, height: open.height) }
                try add(finished!, to: &stack, root: &root)
                continue
            default:
                continue   // stream start, document end
            }
            guard var value = finished else { continue }
            if event.type == YAML_SCALAR_EVENT || event.type == YAML_ALIAS_EVENT {
                // A value that is complete as it starts: check it against the limits here.
                if stack.count + value.height > maximumDepth { throw .tooDeep(at: mark) }
                count += value.size
                if count > maximumNodes { throw .tooManyValues(at: mark) }
                if let anchor = value.anchor { anchors[anchor] = Anchored(value: value.value, size: 1, height: 1) }
                value.anchor = nil
            }
            try add(value, to: &stack, root: &root)
        }
    }

    /// Puts a finished value into the list or mapping open around it (or makes it the root).
    private func add(_ value: (value: YAMLValue, anchor: String?, size: Int, height: Int), to stack: inout [Open],
                     root: inout YAMLValue?) throws(Failure) {
        guard !stack.isEmpty else { root = value.value; return }
        let top = stack.count - 1
        if stack[top].isMapping, stack[top].items.count % 2 == 0, case .scalar(let key, _) = value.value.content {
            let mark = Mark(line: value.value.line, column: value.value.column)
            if let first = stack[top].keys[key] { throw .duplicateKey(key, first: first, second: mark) }
            stack[top].keys[key] = mark
        }
        stack[top].items.append(value.value)
        stack[top].size += value.size
        stack[top].height = max(stack[top].height, value.height + 1)
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
