extension Database {
    /// Who should get something not stored, asked from async code: the read of
    /// ``Questions/recommend(_:limit:asOf:)-(ResourceDraft,_,_)`` on a thread of its own.
    ///
    /// ```swift
    /// let picks = try await database.recommend(ResourceDraft(title: "Hill repeats", topics: ["running"]))
    /// ```
    public func recommend(_ draft: ResourceDraft, limit: Int = 5, asOf: Day = .today()) async throws -> [Recommendation]
    {
        try await read { try $0.questions.recommend(draft, limit: limit, asOf: asOf) }
    }

    /// Who should get a stored resource, asked from async code: the read of
    /// ``Questions/recommend(_:limit:asOf:)-(Resource.ID,_,_)`` on a thread of its own.
    public func recommend(_ resource: Resource.ID, limit: Int = 5, asOf: Day = .today()) async throws
        -> [Recommendation]
    {
        try await read { try $0.questions.recommend(resource, limit: limit, asOf: asOf) }
    }
}
