/// A person or organisation the article names as a source, with what it says of them.
public struct NamedSource: Sendable {
    /// The name as first written ("Dr. Ana Lee", "Ana Lee").
    public var name: String
    /// The last word of a person's name, by which later mentions find them.
    public var surname: String
    /// The words describing them ("a professor of cardiology at Example University").
    public var role: String?
    public var affiliation: String?
    /// The affiliation names a kind of institution a reader can check (a university, hospital).
    public var isInstitutional = false
    /// The description names a role ("professor", "lead author", "director").
    public var hasRole = false
    public var isOrganisation = false
    /// The quote attribution that described them best, for quotes that name them again.
    public var attribution: Attribution?
    /// Where they are introduced (the first description, else the first mention).
    public var blockIndex: Int
    public var sourceOffset: Int

    /// A reader can tell who this is: a role or an affiliation is given somewhere
    /// in the article, or the registry knows them.
    public var isIdentified: Bool {
        affiliation != nil || role != nil || isOrganisation
            || attribution.map { $0.expert != nil || !$0.organisations.isEmpty || $0.hasRole } == true
    }

    /// "Ana Lee, a professor of cardiology at Example University"
    public var summary: String {
        if let role { return "\(name), \(role)" }
        if let affiliation { return "\(name) (\(affiliation))" }
        return name
    }
}
