/// Everyone's name, read once, for the importers, which look up many names in a row
/// (``PersonRepository/named(_:)`` reads every name on each call, which made an import of
/// phone-only contacts quadratic: 54 s for 5,000 rows). Names match as in `named(_:)`.
struct PeopleByName {
    private var ids: [String: [Person.ID]] = [:]

    /// Reads every person's name.
    init(_ connection: Connection) throws {
        for (id, name) in try connection.fetchAll(
            (Person.ID, String).self,
            sql: "SELECT id, name FROM people ORDER BY id")
        {
            add(id, named: name)
        }
    }

    /// Records a person added (or renamed) since.
    mutating func add(_ id: Person.ID, named name: String) {
        ids[PersonRepository.nameKey(name), default: []].append(id)
    }

    /// The people with this name, oldest first.
    func ids(named name: String) -> [Person.ID] {
        ids[PersonRepository.nameKey(name)] ?? []
    }
}
