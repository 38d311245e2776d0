import CSQLite

/// The tables the statements a connection prepares may write, as SQLite's authorizer reports
/// them while it compiles each one: the table an INSERT, UPDATE or DELETE names, and those its
/// triggers write. The writer connection keeps one, so that a commit can say what it touched.
///
/// Related SQLite documentation: <https://www.sqlite.org/c3ref/set_authorizer.html>
final class WrittenTables {
    /// What the statements compiled since ``reset()`` may write, in lower case.
    private(set) var tables: Set<String> = []

    init(_ handle: OpaquePointer) {
        sqlite3_set_authorizer(
            handle,
            { context, action, table, _, _, _ in
                guard let context, let table,
                    action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE
                else { return SQLITE_OK }
                let name = String(cString: table).lowercased()
                if !name.hasPrefix("sqlite_") {
                    Unmanaged<WrittenTables>.fromOpaque(context).takeUnretainedValue().tables.insert(name)
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    func reset() {
        tables = []
    }
}
