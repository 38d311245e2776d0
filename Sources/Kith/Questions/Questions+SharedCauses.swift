/// A commitment, the people I serve in it with, and the time I give it.
public struct SharedCause: Hashable, Sendable {
    public let commitment: Commitment
    /// The names of the people in it with me (archived people left out), by name.
    public let people: [String]
}

extension Questions {
    /// My commitments active on `asOf`, each with the people I serve with, by name.
    ///
    /// ```swift
    /// for cause in try database.read({ try $0.questions.sharedCauses() }) {
    ///     print(cause.commitment.name, "with", cause.people.joined(separator: ", "))
    /// }
    /// ```
    public func sharedCauses(asOf: Day = .today()) throws -> [SharedCause] {
        try connection.commitments.all()
            .filter { ($0.startedOn ?? asOf) <= asOf && ($0.endedOn ?? asOf) >= asOf }
            .map { commitment in
                let people = try connection.people.get(commitment.members).filter { !$0.isArchived }.map(\.name)
                return SharedCause(commitment: commitment, people: people)
            }
    }

    /// The hours a month I give to the commitments active on `asOf`.
    ///
    /// ```swift
    /// let hours = try database.read { try $0.questions.hoursGivenPerMonth() }
    /// ```
    public func hoursGivenPerMonth(asOf: Day = .today()) throws -> Double {
        try sharedCauses(asOf: asOf).compactMap(\.commitment.hoursPerMonth).reduce(0, +)
    }
}
