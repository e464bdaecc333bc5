/// The validator's working memory, kept from one value to the next so that validating a value allocates nothing:
/// the open containers (kind and duplicate-key state), the hashes of the open objects' member names, and the
/// member positions it records for the event layer.
///
/// It is a class only to own raw memory; `JSONValidator` replaces it before validating whenever it is not uniquely
/// referenced (copy-on-write), so copies of a decoder never share it and the value semantics hold. The validator
/// takes the buffers out for the duration of one value and puts them back (they may have grown).
final class JSONValidatorScratch: @unchecked Sendable {
    struct Level {
        var isObject: Bool
        /// Bloom mask of the member names seen so far (objects only).
        var bloom: UInt64
        /// Where this container's name hashes start in `hashes`.
        var firstHash: Int
        /// Offset of the container's first byte, to find an object's names again on a hash match.
        var start: Int
    }

    var levels = JSONScratchBuffer<Level>(capacity: 16)
    var hashes = JSONScratchBuffer<UInt64>(capacity: 256)
    /// See `JSONValidator.members`, `nestedMembers`, `nestedObjects`.
    var members = JSONScratchBuffer<JSONMemberSpan>(capacity: 32)
    var nestedMembers = JSONScratchBuffer<JSONMemberSpan>(capacity: 64)
    var nestedObjects = JSONScratchBuffer<JSONNestedObject>(capacity: 8)

    deinit {
        levels.deallocate()
        hashes.deallocate()
        members.deallocate()
        nestedMembers.deallocate()
        nestedObjects.deallocate()
    }
}
