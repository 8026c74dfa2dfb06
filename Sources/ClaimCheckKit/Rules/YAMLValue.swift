/// One value of a YAML document, as the rule, registry and config loaders read
/// it: text, a list or a mapping, where it starts in the file (1-based line and
/// column, in Unicode scalars, as libyaml counts them), and how text was quoted.
/// Aliases are already replaced by what they name; tags are not kept, since every
/// value is read as text.
struct YAMLValue {
    enum Content {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLValue])
        case mapping([(key: YAMLValue, value: YAMLValue)])
    }

    var content: Content
    var line: Int
    var column: Int
}

/// How a text value was written (the loaders point into plain and single-quoted
/// text by column, and treat only unquoted `~`, `null` and nothing as empty).
enum YAMLScalarStyle {
    case plain, singleQuoted, doubleQuoted, literal, folded
}
