import Kith

/// The dozen people of `kith tour`, with what they care about and what passed between us,
/// dated relative to `today` so that the tour tells the same story on any day.
struct TourNetwork {
    let today: Day

    func build(in connection: Connection) throws {
        func day(_ daysAgo: Int) -> Day { today.adding(days: -daysAgo) }
        var ids: [String: Person.ID] = [:]
        let people: [(String, String?, [(String, Int)], String?, String?)] = [
            ("Priya Raman", "Riverbank Library", [("literacy", 5), ("running", 4)], "Met at the library board", nil),
            (
                "Marcus Webb", "Northwind Logistics", [("supply chains", 5), ("chess", 3)],
                "A colleague at my first job", nil
            ),
            (
                "Sofia Alvarez", "City Marathon Club", [("running", 5), ("nutrition", 4)], "Ran the River 10K together",
                nil
            ),
            ("Tom Okafor", nil, [("gardening", 4), ("climate", 5)], "Neighbour from the community garden", nil),
            (
                "Lena Fischer", "Fischer Design", [("typography", 5), ("design", 4)], "Met at a design meetup",
                "Wants to learn more about charity fundraising"
            ),
            ("Jamal Hayes", nil, [("machine learning", 4), ("chess", 5)], "A mentee from the coding bootcamp", nil),
            ("Grace Kim", "Open Data Lab", [("climate", 4), ("data", 5)], "Spoke on the same panel", nil),
            ("Daniel Costa", "Costa & Sons", [("woodworking", 5)], "My cousin's business partner", nil),
            ("Aiko Tanaka", "Riverbank Library", [("literacy", 4), ("poetry", 5)], "Fellow library volunteer", nil),
            (
                "Omar Haddad", nil, [("running", 2), ("jazz", 5)], "Met at a jazz night",
                "Training for a first 10K, a little nervous"
            ),
            ("Elena Rossi", "Hillside School", [("education", 5), ("literacy", 3)], "Parent at the school fair", nil),
            ("Ben Carter", nil, [("cycling", 5), ("climate", 3)], "Old friend from university", nil),
        ]
        for (name, organization, interests, howWeMet, note) in people {
            ids[name] = try connection.people.add(
                NewPerson(
                    name: name, organization: organization, howWeMet: howWeMet, metOn: day(900),
                    interests: interests.map { NewInterest(topic: $0.0, weight: $0.1) }, notes: note.map { [$0] } ?? [])
            ).id
        }
        func id(_ name: String) -> Person.ID { ids[name]! }
        try connection.interests.addAlias("ML", to: try connection.interests.topic(named: "machine learning")!.id)
        try connection.interests.setMine(try connection.interests.topic(named: "running")!.id)

        // What passed between us.
        let guide = try connection.resources.add(
            title: "A beginner's guide to volunteer tutoring", url: "https://example.org/tutoring-guide",
            topics: ["literacy", "education"])
        let openings = try connection.resources.add(
            title: "Chess openings for club players", kind: .book, topics: ["chess"])
        let soil = try connection.resources.add(
            title: "Soil health for urban gardens", url: "https://example.org/soil", topics: ["gardening", "climate"])
        let referral = try connection.resources.add(title: "Referral to a hiring manager at Northwind", kind: .referral)
        let template = try connection.resources.add(
            title: "Grant proposal template", kind: .template, topics: ["literacy"])
        try connection.resources.share(guide.id, .given, with: id("Elena Rossi"), on: day(20), reception: .thanked)
        try connection.resources.share(openings.id, .received, with: id("Jamal Hayes"), on: day(300))
        try connection.resources.share(referral.id, .received, with: id("Sofia Alvarez"), on: day(60))
        try connection.resources.share(template.id, .received, with: id("Priya Raman"), on: day(40))
        try connection.resources.share(soil.id, .received, with: id("Priya Raman"), on: day(45))

        // A board seat and a charity run, shared with some of them.
        try connection.commitments.add(
            Commitment(
                name: "Riverbank Library board", kind: .board, organization: "Riverbank Library", cause: "literacy",
                role: "treasurer", startedOn: day(700), hoursPerMonth: 6,
                members: [id("Priya Raman"), id("Aiko Tanaka")]))
        try connection.commitments.add(
            Commitment(
                name: "River 10K for Literacy", kind: .charityRun, cause: "literacy", startedOn: day(120),
                endedOn: today.adding(days: 30),
                hoursPerMonth: 4, members: [id("Sofia Alvarez"), id("Omar Haddad")]))

        try connection.people.recordAcquaintance(id("Priya Raman"), id("Aiko Tanaka"))
        try connection.people.recordAcquaintance(id("Sofia Alvarez"), id("Omar Haddad"))

        // Time together: a mentoring coffee, and catching up.
        try connection.interactions.log(
            .mentoring, with: id("Jamal Hayes"), on: day(10), minutes: 60, initiatedBy: .them,
            note: "Talked through his first ML project")
        try connection.interactions.log(.coffee, with: id("Priya Raman"), on: day(15), minutes: 45, initiatedBy: .me)
        try connection.interactions.log(.call, with: id("Sofia Alvarez"), on: day(30), minutes: 20)
        try connection.interactions.log(.coffee, with: id("Marcus Webb"), on: day(500), minutes: 30, initiatedBy: .me)
        try connection.interactions.log(.email, with: id("Ben Carter"), on: day(200))
        try connection.interactions.log(.meeting, with: id("Grace Kim"), on: day(150), minutes: 50)
        for name in ["Tom Okafor", "Lena Fischer", "Daniel Costa", "Aiko Tanaka", "Omar Haddad", "Elena Rossi"] {
            try connection.interactions.log(.message, with: id(name), on: day(25))
        }

        // Asks: Lena's open one waits on me; Marcus already helped me once.
        try connection.asks.log(.theirs, of: id("Lena Fischer"), topic: "an intro to a fundraising mentor", on: day(5))
        try connection.asks.log(.mine, of: id("Marcus Webb"), topic: "feedback on my CV", on: day(520), status: .helped)
    }
}
