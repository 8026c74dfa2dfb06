import Foundation

/// The whole pipeline: bytes → `Document` → claims → signals → verdicts → `Report`.
/// Built once (rules compiled, registry loaded) and shared across threads. It
/// holds each stage's part and hands each stage its own: the matching layer to
/// Analysis, the rule book (with the matching layer and the registry) to Rules,
/// the verdict policy to Verdicts.
public struct ClaimChecker: Sendable {
    public private(set) var matching: MatchingLayer
    public private(set) var book: RuleBook
    public private(set) var registry: EvidenceRegistry
    public private(set) var policy: VerdictPolicy
    /// The examples of `Rules/documents.yml`, run by `claimcheck rules test`.
    public private(set) var documentExamples: [DocumentExample]
    public var gate: GatePolicy
    public var extractor = DocumentExtractor()
    /// Severities a config sets for rules (by deciding rule id or `namespace.*`).
    public var severities: [String: Severity] = [:]
    /// Keep the article's text in the report (for the HTML report; costs memory and time).
    public var keepsArticleText = false
    /// Weigh pages whose body does not read as a health article too (`every-topic: true`).
    public var weighsEveryTopic = false

    public init(rules: [Rule], lists: [String: [String]], registry: EvidenceRegistry, policy: VerdictPolicy, strength: StrengthCues,
                documentExamples: [DocumentExample] = [], gate: GatePolicy = GatePolicy()) {
        self.matching = MatchingLayer(rules: rules, lists: lists, registry: registry, strength: strength)
        self.book = RuleBook(rules: rules)
        self.registry = registry
        self.policy = policy
        self.documentExamples = documentExamples
        self.gate = gate
    }

    /// A checker with its own compiled matching layer and rule book, sharing no memory
    /// with this one: threads that check in parallel then never touch the same reference counts.
    public func independentCopy() -> ClaimChecker {
        var copy = self
        copy.matching = MatchingLayer(rules: book.rules, lists: matching.lists, registry: registry, strength: matching.strength)
        copy.book = RuleBook(rules: book.rules)
        return copy
    }

    /// Loads the rules folder with a config's extra rule and registry folders,
    /// disabled rules, severities and gate settings. Mistakes in the config's
    /// settings are reported at their line and column in the config file.
    public static func load(rulesFolder: String, configuration: Configuration, gate: GatePolicy) throws(ConfigurationErrors) -> ClaimChecker {
        let origins = configuration.origins
        func settings(_ values: [String], _ known: [FilePosition]) -> [Configuration.Setting] {
            values.enumerated().map { Configuration.Setting(value: $1, origin: configuration.origin(known, $0)) }
        }
        let severityRules = configuration.severities.keys.sorted().map { rule in
            Configuration.Setting(value: rule, origin: origins.severities[rule] ?? FilePosition(file: configuration.file ?? Configuration.fileName))
        }
        var checker = try load(rulesFolder: rulesFolder, gate: gate,
                               ruleFolders: settings(configuration.ruleFolders, origins.ruleFolders),
                               registryFolders: settings(configuration.registryFolders, origins.registryFolders),
                               disabled: settings(configuration.disabled, origins.disabled), severityRules: severityRules,
                               enabled: settings(configuration.enabled, origins.enabled),
                               disabledPacks: settings(configuration.disabledPacks, origins.disabledPacks))
        checker.severities = configuration.severities
        checker.weighsEveryTopic = configuration.everyTopic
        return checker
    }

    /// Loads rules, lexicon, verdict policy and registry from a rules folder
    /// (`Rules/` with `registry/` and `domains/` inside), reporting every mistake found.
    public static func load(rulesFolder: String, gate: GatePolicy = GatePolicy(), extraRuleFolders: [String] = [],
                            extraRegistryFolders: [String] = [], disabled: [String] = []) throws(ConfigurationErrors) -> ClaimChecker {
        let origin = FilePosition(file: Configuration.fileName)
        return try load(rulesFolder: rulesFolder, gate: gate,
                        ruleFolders: extraRuleFolders.map { Configuration.Setting(value: $0, origin: origin) },
                        registryFolders: extraRegistryFolders.map { Configuration.Setting(value: $0, origin: origin) },
                        disabled: disabled.map { Configuration.Setting(value: $0, origin: origin) }, severityRules: [])
    }

    static func load(rulesFolder: String, gate: GatePolicy, ruleFolders: [Configuration.Setting], registryFolders: [Configuration.Setting],
                     disabled: [Configuration.Setting], severityRules: [Configuration.Setting],
                     enabled: [Configuration.Setting] = [], disabledPacks: [Configuration.Setting] = []) throws(ConfigurationErrors) -> ClaimChecker {
        var errors: [ConfigurationError] = []
        var rules: [Rule] = []
        var lists: [String: [String]] = [:]
        var policy: VerdictPolicy?
        var strength: StrengthCues?
        var registry = EvidenceRegistry()
        guard FileLoader.isFolder(rulesFolder) else {
            let exists = FileLoader.exists(rulesFolder)
            throw ConfigurationErrors([ConfigurationError(file: rulesFolder,
                message: exists ? "is a file, where the rules folder is expected" : "rules folder not found",
                fix: "pass --rules PATH, or set CLAIMCHECK_RULES to the folder holding verdicts.yml, lexicon.yml and domains/")])
        }
        let path = { (name: String) in (rulesFolder as NSString).appendingPathComponent(name) }
        do { rules = try RuleLoader().load(folder: rulesFolder) } catch { errors += error.errors }
        for folder in ruleFolders {
            if let problem = extraFolderProblem(folder, key: "rules", kind: "rule", main: rulesFolder, mainName: "the rules folder itself") {
                errors.append(problem)
                continue
            }
            do { rules += try RuleLoader().load(folder: folder.value) } catch { errors += error.errors }
        }
        // A pack's own rules (`<pack>/rules/*.yml`) and words (`<pack>/lexicon.yml`) load with the core
        // files, unless the config turns the pack off.
        let offPacks = Set(disabledPacks.map(\.value))
        let packs = (RegistryLoader.packFolders(in: path("domains")) + registryFolders.flatMap { folder in
            FileLoader.exists((folder.value as NSString).appendingPathComponent("domain.yml")) ? [folder.value] : RegistryLoader.packFolders(in: folder.value)
        }).filter { !offPacks.contains(($0 as NSString).lastPathComponent) }
            .reduce(into: [String]()) { unique, pack in  // a `registry:` entry naming the rules folder's own packs is reported below, once
                let canonical = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
                if !unique.contains(where: { canonical($0) == canonical(pack) }) { unique.append(pack) }
            }
        var packLexicons: [String] = []
        var rulesOfManyFolders = !ruleFolders.isEmpty
        for pack in packs {
            let folder = (pack as NSString).appendingPathComponent("rules")
            if FileLoader.isFolder(folder) {
                rulesOfManyFolders = true
                let pack = (pack as NSString).lastPathComponent
                do { rules += try RuleLoader(packNamespaces: [pack]).load(folder: folder) } catch { errors += error.errors }
            }
            let lexicon = (pack as NSString).appendingPathComponent("lexicon.yml")
            if FileLoader.exists(lexicon) { packLexicons.append(lexicon) }
        }
        if rulesOfManyFolders { errors += RuleLoader.duplicateIDs(rules) }
        let ids = Set(rules.map(\.id))
        func unknownRule(_ setting: Configuration.Setting, key: String) -> ConfigurationError {
            let suggestion = YAMLNode.closest(setting.value, in: ids).map { "did you mean `\($0)`? " } ?? ""
            return ConfigurationError(at: setting.origin, message: "`\(key)` names unknown rule `\(setting.value)`",
                                      fix: suggestion + "see `claimcheck rules list` for the ids (or use `namespace.*`)")
        }
        // `enable:` turns on rules that are off by default; `disable:` wins over it.
        for setting in enabled {
            let matched = rules.indices.filter { SuppressionApplier.rule(rules[$0].id, matches: setting.value) }
            if matched.isEmpty && !rules.isEmpty { errors.append(unknownRule(setting, key: "enable")) }
            for index in matched { rules[index].enabled = true }
        }
        for setting in disabled {
            let matched = rules.indices.filter { SuppressionApplier.rule(rules[$0].id, matches: setting.value) }
            if matched.isEmpty && !rules.isEmpty { errors.append(unknownRule(setting, key: "disable")) }
            for index in matched { rules[index].enabled = false }
        }
        for setting in severityRules where !rules.isEmpty && !ids.contains(where: { SuppressionApplier.rule($0, matches: setting.value) }) {
            errors.append(unknownRule(setting, key: "severity"))
        }
        do { lists = try LexiconLoader().load(path: path("lexicon.yml")) } catch { errors.append(error) }
        for lexicon in packLexicons {
            do {
                for (name, words) in try LexiconLoader().load(path: lexicon) { lists[name, default: []] += words }
            } catch { errors.append(error) }
        }
        var documentCues = DocumentCues()
        do { documentCues = try DocumentCueLoader().load(path: path("documents.yml")) } catch { errors.append(error) }
        // A rule's `@list` may name a list of either file; when the lexicon failed,
        // its own error is the one to report, not every `@list` after it.
        let lexiconLoaded = !lists.isEmpty
        lists.merge(documentCues.lists) { lexicon, _ in lexicon }
        do { policy = try VerdictPolicy.load(path: path("verdicts.yml")) } catch { errors.append(error) }
        // A pack's rules take their verdicts from the pack's own verdicts.yml (`signals:` only).
        for pack in packs where policy != nil {
            let file = (pack as NSString).appendingPathComponent("verdicts.yml")
            guard FileLoader.exists(file) else { continue }
            do {
                let pack = try VerdictPolicy.loadPackSignals(path: file, taken: Set(policy!.signals.keys))
                for (rule, cell) in pack.signals { policy!.signals[rule] = cell }
                errors += pack.errors
            } catch { errors.append(error) }
        }
        do { strength = try StrengthCueLoader().load(path: path("strength.yml")) } catch { errors.append(error) }
        var registryLoaded = true
        let sharedFolder = path("registry"), domainsFolder = path("domains")
        if FileLoader.isFolder(path("evidence")) && !FileLoader.isFolder(domainsFolder) {
            errors.append(ConfigurationError(file: path("evidence"),
                message: "the rules folder `\(rulesFolder)` keeps its registry in evidence/, the layout before domain packs",
                fix: "move evidence/ to domains/<name>/ and add a domain.yml (name, description, topic); put organisations every pack cites in registry/organisations.yml (see Rules/domains/README.md)"))
            registryLoaded = false
        } else {
            do { registry = try RegistryLoader().loadShared(folder: sharedFolder) } catch { errors += error.errors; registryLoaded = false }
            do { registry.merge(try RegistryLoader().loadPacks(in: domainsFolder)) } catch { errors += error.errors; registryLoaded = false }
        }
        for folder in registryFolders {
            if let problem = extraFolderProblem(folder, key: "registry", kind: "registry", main: domainsFolder,
                                                mainName: "the rules folder's own domains/ folder") {
                errors.append(problem)
                continue
            }
            do { registry.merge(try RegistryLoader().load(folder: folder.value)) } catch { errors += error.errors; registryLoaded = false }
        }
        // What `claimcheck registry lint` rejects, `check` refuses (once every file has loaded, so problems do not cascade).
        if registryLoaded {
            errors += RegistryLinter().lint(registry, conditionsFile: domainsFolder,
                                            organisationsFile: (sharedFolder as NSString).appendingPathComponent("organisations.yml")).map(\.error)
            // Turned off after the lint, so a pack that is off is still checked.
            let known = Set(registry.domains.map(\.id))
            for setting in disabledPacks where !known.contains(setting.value) {
                let suggestion = YAMLNode.closest(setting.value, in: known).map { "did you mean `\($0)`? " } ?? ""
                errors.append(ConfigurationError(at: setting.origin, message: "`disable-packs` names unknown domain pack `\(setting.value)`",
                                                 fix: suggestion + "see `claimcheck registry domains` for the packs"))
            }
            registry = registry.removingPacks(Set(disabledPacks.map(\.value)))
        }
        for rule in rules where lexiconLoaded {
            for (index, entry) in rule.unless.sentence.enumerated() where entry.hasPrefix("@") && lists[String(entry.dropFirst())] == nil {
                let at = rule.locations.unlessSentence.indices.contains(index) ? rule.locations.unlessSentence[index] : rule.location
                let suggestion = YAMLNode.closest(String(entry.dropFirst()), in: Set(lists.keys)).map { "did you mean `@\($0)`? " } ?? ""
                errors.append(ConfigurationError(at: at,
                    message: "rule `\(rule.id)` names list `\(entry)`, which lexicon.yml does not define",
                    fix: suggestion + "add it to lexicon.yml or fix the name"))
            }
        }
        if let policy {
            for rule in rules where type(of: rule.handler).needsPolicyEntry && policy.cell(forRule: rule.id) == nil {
                // A pack's rule takes its verdict from the pack's verdicts.yml, beside its rules/ folder.
                let pack = packs.first { rule.location.file.hasPrefix(($0 as NSString).appendingPathComponent("rules") + "/") }
                let file = pack.map { ($0 as NSString).appendingPathComponent("verdicts.yml") } ?? "verdicts.yml"
                errors.append(ConfigurationError(at: rule.locations.id ?? rule.location,
                    message: "rule `\(rule.id)` has no entry under `signals:` in \(pack == nil ? "verdicts.yml" : file)",
                    fix: "add `\(rule.id): <verdict> <severity>` (or `note`) under `signals:` in \(file)"))
            }
        }
        guard errors.isEmpty, let policy, let strength else { throw ConfigurationErrors(errors) }
        if let collision = MatchingLayer.hashCollision(rules: rules, lists: lists, registry: registry, strength: strength) {
            throw ConfigurationErrors([MatchingLayer.error(for: collision, rules: rules, registry: registry, lexicon: path("lexicon.yml"),
                                                     strengthFile: path("strength.yml"))])
        }
        return ClaimChecker(rules: rules, lists: lists, registry: registry, policy: policy, strength: strength,
                            documentExamples: documentCues.examples, gate: gate)
    }

    /// What is wrong with a folder a config's `rules:` or `registry:` names: the
    /// main folder again (always loaded), a file, or nothing at all; nil when it is fine.
    private static func extraFolderProblem(_ folder: Configuration.Setting, key: String, kind: String, main: String,
                                           mainName: String) -> ConfigurationError? {
        let canonical = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if canonical(folder.value) == canonical(main) {
            return ConfigurationError(at: folder.origin, message: "`\(key):` names \(mainName), which is always loaded",
                                      fix: "remove this entry; `\(key):` lists extra \(kind) folders only")
        }
        guard FileLoader.isFolder(folder.value) else {
            let exists = FileLoader.exists(folder.value)
            return ConfigurationError(at: folder.origin,
                message: "\(kind) folder `\(folder.value)` named in `\(key):` \(exists ? "is a file, not a folder" : "not found")",
                fix: "fix the path in `\(key):`; a relative path starts at the config file's folder")
        }
        return nil
    }

    /// Checks one document's bytes. Never throws: an unreadable input becomes a
    /// report with `error` set, so a batch goes on.
    public func check(_ bytes: [UInt8], source: String, format: InputFormat? = nil) -> Report {
        let document: Document
        do {
            document = try extractor.extract(bytes, path: source, format: format)
        } catch {
            return Report.inputError(error, format: format)
        }
        return check(document, source: source)
    }

    /// Tokens of blocks kept from the first pass to the second; past it, blocks are
    /// analysed again when their claims are judged. About 40 MB of analyses: a
    /// long claim-dense page stays within that, an ordinary article is far below it.
    public var analysisTokenBudget = 1_000_000

    public func check(_ document: Document, source: String) -> Report {
        let analyzer = ClaimAnalyzer(matching: matching)
        var gathered = analyzer.gather(document, tokenBudget: analysisTokenBudget)
        let facts = gathered.facts
        let weighs = weighsEveryTopic || facts.readsAsHealth
        let engine = RuleEngine(book: book, matching: matching, registry: registry)
        let resolver = VerdictResolver(book: book, policy: policy, registry: registry)
        var verdicts: [Verdict] = []
        var known: [String: Attribution] = [:]
        for index in document.blocks.indices where weighs {
            let (analysis, cited) = analyzer.nextBlock(index, of: document, from: &gathered)
            guard let cited else { continue }
            for var pending in analyzer.unsourcedClaims(in: analysis, cited: cited, quotes: gathered.takeQuotes(index), facts: facts, known: &known) {
                // A claim no rule can fire on gets no signal and so no verdict: its source is never read.
                let context = engine.context(for: pending.claim, in: analysis, onTopic: facts.bodyMentionsCondition, facts: facts)
                guard engine.mayFire(on: pending.claim, context: context) else { continue }
                analyzer.resolveSource(&pending, in: analysis, cited: cited, facts: facts)
                let claim = pending.claim
                let signals = engine.signals(for: claim, in: analysis, context: context, facts: facts)
                if var verdict = resolver.verdict(for: claim, signals: signals, analysis: analysis, lines: document.lines, model: facts.model) {
                    if let severity = severities.first(where: { SuppressionApplier.rule(verdict.rule, matches: $0.key) })?.value {
                        verdict.severity = severity
                    }
                    verdicts.append(verdict)
                }
            }
        }
        let checklist = weighs ? Checklist(book: book).evaluate(facts) : []
        var report = Report(source: source, format: document.format, verdicts: verdicts, checklist: checklist,
                            blocks: document.blocks.count, gate: gate, notes: document.notes,
                            blocksByRegion: document.blocks.reduce(into: [:]) { counts, block in counts[block.region.rawValue, default: 0] += 1 })
        report.url = document.canonicalURL
        if !weighs {
            report.notWeighed = true
            report.notes.append("not weighed: the body does not read as a health article (\(facts.healthWords) health words in \(facts.bodyWords), "
                + "under \(DocumentFacts.healthWordsPerThousand) per 1,000); set `every-topic: true` in .claimcheck.yml to weigh it anyway")
        }
        let readsAsEmptyPage = document.blocks.isEmpty && document.format == .html && document.lines.byteCount > 512
        if readsAsEmptyPage || (!document.blocks.isEmpty && !document.blocks.contains(where: { $0.region == .body })) {
            // Never silent: a page read as all comments or sidebars gets no body verdicts.
            let regions = readsAsEmptyPage ? "0 blocks outside menus and footers" : "blocks read as " + Dictionary(grouping: document.blocks, by: \.region)
                .sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key.rawValue)" }.joined(separator: ", ")
            report.noArticleText = true
            report.notes.append("no article text found (\(regions)); see what was read with `claimcheck extract --regions all \(source)`")
        }
        if keepsArticleText {
            report.blocks = document.blocks.map { ReportBlock(kind: $0.kind, region: $0.region, text: $0.string) }
        }
        SuppressionApplier(knownRules: book.ruleIDs).apply(document.comments, lines: document.lines, to: &report)
        report.reevaluateGate()
        return report
    }
}

/// Document-level criteria from `checklist` rules, judged on the body.
struct Checklist {
    let book: RuleBook

    func evaluate(_ result: ClaimAnalyzer.Result) -> [ChecklistItem] { evaluate(result.facts) }

    func evaluate(_ facts: DocumentFacts) -> [ChecklistItem] {
        var items: [ChecklistItem] = []
        // By index: a `Rule` is large, and copying every rule of the set per document cost more than the checks.
        for index in book.checklistRules {
            let rule = book.rules[index]
            let passed = (rule.handler as? ChecklistHandler)?.passes(facts, ruleIndex: index) ?? true
            items.append(ChecklistItem(rule: rule.id, passed: passed, message: passed ? rule.summary : rule.message))
        }
        return items
    }
}
