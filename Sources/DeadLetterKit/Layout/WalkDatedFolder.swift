/// A child folder whose name parsed as a date part; sorted numerically because listings sort `10` before `9`.
struct WalkDatedFolder {
    var value: Int
    var name: String
    var prefix: String

    static func chronological(_ folders: [WalkDatedFolder]) -> [WalkDatedFolder] {
        folders.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
    }
}
