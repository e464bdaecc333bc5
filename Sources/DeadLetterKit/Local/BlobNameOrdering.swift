/// Azure lists blob names in the order of their UTF-8 bytes. Swift's `String <` compares Unicode scalars after
/// canonical equivalence, which differs (and treats NFC and NFD spellings as equal), so listings compare bytes.
enum BlobNameOrdering {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `lhs` ≤ `rhs` by bytes.
    static func precedesOrEquals(_ lhs: String, _ rhs: String) -> Bool {
        !rhs.utf8.lexicographicallyPrecedes(lhs.utf8)
    }
}
