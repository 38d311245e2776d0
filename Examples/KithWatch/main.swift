// KithWatch: "who should get this?" asked again whenever the database changes.
// Run: swift run kith-watch PATH TITLE [TOPIC...]
// then, in another terminal, change the database with the `kith` command, for example
//   kith --db PATH person add "Ann Lee" --interest running:5
// and the answer is printed again. Stop it with Ctrl-C.
import Foundation
import Kith

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: kith-watch PATH TITLE [TOPIC...]\n".utf8))
    exit(64)
}
let draft = ResourceDraft(title: arguments[1], topics: Array(arguments.dropFirst(2)))

do {
    let database = try Database.openKith(at: .file(arguments[0]), access: .readOnly)
    var round = 0
    for try await picks in database.observe({ try $0.questions.recommend(draft, limit: 5) }) {
        round += 1
        print(round == 1 ? "Who should get \"\(draft.title)\"?" : "Changed:")
        if picks.isEmpty { print("  nobody yet") }
        for pick in picks {
            print("  \(pick.name) (\(pick.score)): \(pick.reasons.map(\.description).joined(separator: "; "))")
        }
        fflush(nil)  // each answer shows at once, also through a pipe
    }
} catch {
    FileHandle.standardError.write(Data("kith-watch: \(error)\n".utf8))
    exit(1)
}
