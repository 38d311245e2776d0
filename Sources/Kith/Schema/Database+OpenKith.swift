extension Database {
    /// Opens (or creates) a Kith database and brings it to the latest schema.
    ///
    /// This is where every use of Kith starts:
    ///
    /// ```swift
    /// let database = try Database.openKith(at: .file("/path/to/kith.sqlite"))
    /// let ann = try database.write { try $0.people.add(NewPerson(name: "Ann")) }
    /// ```
    ///
    /// With ``Access/readOnly`` the file must exist and is never changed: it must already have
    /// every migration of this build (a read-write open applies them).
    ///
    /// ```swift
    /// let reader = try Database.openKith(at: .file(path), access: .readOnly)
    /// let people = try reader.read { try $0.people.all() }
    /// ```
    ///
    /// `readers` is how many reads of a file may run at once (see ``Database``).
    ///
    /// - throws: ``DatabaseError`` when the file cannot be opened; ``MigrationError`` when its
    ///   schema cannot be brought up to date (a newer Kith wrote it, or a migration failed)
    ///   or, read-only, is not up to date (``MigrationError/pendingMigrations(_:)``).
    public static func openKith(
        at location: Location, access: Access = .readWrite, readers: Int = Database.defaultReaderCount
    ) throws -> Database {
        let database = try Database(location, access: access, readers: readers)
        switch access {
        case .readWrite:
            try Migrator.kith.migrate(database)
        case .readOnly:
            let pending = try Migrator.kith.pendingMigrations(in: database)
            guard pending.isEmpty else { throw MigrationError.pendingMigrations(pending) }
        }
        return database
    }
}
