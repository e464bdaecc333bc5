import NIOCore

/// `[a,b,c]`: a batch request body written into one buffer — the buffer the HTTP client sends, so the events are
/// not copied again on the way out — with where each element landed, so a batch can be split without re-encoding.
struct ReplayRequestBody: Sendable {
    let bytes: ByteBuffer
    /// Each element's bytes in `bytes` (buffer indices), in order.
    let spans: [Range<Int>]

    init<Elements: Collection>(_ elements: Elements, elementBytes: Int) where Elements.Element: Collection<UInt8> {
        var buffer = ByteBufferAllocator().buffer(capacity: ReplayBatcher<Never>.requestBytes(count: elements.count, itemBytes: elementBytes))
        var spans: [Range<Int>] = []
        spans.reserveCapacity(elements.count)
        buffer.writeInteger(UInt8(ascii: "["))
        for element in elements {
            if !spans.isEmpty { buffer.writeInteger(UInt8(ascii: ",")) }
            let start = buffer.writerIndex
            buffer.writeBytes(element)
            spans.append(start..<buffer.writerIndex)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        self.bytes = buffer
        self.spans = spans
    }

    /// The bodies of two batches holding the elements before and from `index`.
    func split(at index: Int) -> (ReplayRequestBody, ReplayRequestBody) {
        func part(_ range: Range<Int>) -> ReplayRequestBody {
            let view = bytes.readableBytesView
            let elements = spans[range].map { view[$0] }
            return ReplayRequestBody(elements, elementBytes: spans[range].reduce(0) { $0 + $1.count })
        }
        return (part(0..<index), part(index..<spans.count))
    }
}
