import AzureCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One client connection: reads requests one after another (keep-alive; pipelined requests simply wait their turn,
/// so answers always go out in request order), aggregates each body up to the limit, and writes the router's answer,
/// streaming large bodies in pieces.
struct HTTPConnection: Sendable {
    typealias Channel = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let router: EmulatorRouter
    let maxBodyBytes: Int
    /// `http://<host>:<port>` of the listening socket, used when a request has no Host header.
    let defaultBaseURL: String
    /// Pieces of a large body are written this big; small enough to keep memory flat, big enough to be cheap.
    static let chunkSize = 1 << 20

    private enum AfterResponse { case keepOpen, close }

    func run(_ connection: Channel) async {
        let remoteAddress = connection.channel.remoteAddress?.ipAddress
        let executor = ConnectionExecutor(eventLoop: connection.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            do {
                try await connection.executeThenClose { inbound, outbound in
                    var parts = inbound.makeAsyncIterator()
                    while let part = try await parts.next() {
                        // Body or end parts here belong to a request already answered (413); skip them.
                        guard case .head(let head) = part else { continue }
                        let next = try await serve(head, parts: &parts, outbound: outbound, remoteAddress: remoteAddress,
                                                   executor: executor)
                        if next == .close { return }
                    }
                }
            } catch {
                // The client went away or sent garbage; there is nobody left to tell.
            }
        }
    }

    private func serve(_ head: HTTPRequestHead, parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator,
                       outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, remoteAddress: String?,
                       executor: ConnectionExecutor) async throws -> AfterResponse {
        let keepAlive = head.isKeepAlive
        if let declared = head.headers.first(name: "Content-Length").flatMap(Int.init), declared > maxBodyBytes {
            try await writeTooLarge(head, outbound: outbound)
            return .close
        }
        if head.headers.first(name: "Expect")?.lowercased() == "100-continue" {
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
        }
        var body = ByteBuffer()
        reading: while let part = try await parts.next() {
            switch part {
            case .body(var chunk):
                guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                    try await writeTooLarge(head, outbound: outbound)
                    return .close
                }
                body.writeBuffer(&chunk)
            case .end:
                break reading
            case .head:
                return .close  // a new request head before this one ended: the stream is corrupt
            }
        }

        let request = Self.makeRequest(head, body: body, remoteAddress: remoteAddress)
        let host = head.headers.first(name: "Host").map { "http://" + $0 } ?? defaultBaseURL
        switch await router.route(request, baseURL: host, delay: executor.delay) {
        case .drop:
            return .close
        case .hang:
            // Whatever else the client sends is read and ignored; the wait ends when it closes the connection or
            // the emulator stops (which cancels this task and ends the stream).
            while try await parts.next() != nil {}
            return .close
        case .respond(let response):
            try await write(response, to: head, outbound: outbound, keepAlive: keepAlive, truncate: false)
            return keepAlive ? .keepOpen : .close
        case .truncate(let response):
            try await write(response, to: head, outbound: outbound, keepAlive: false, truncate: true)
            return .close
        }
    }

    static func makeRequest(_ head: HTTPRequestHead, body: ByteBuffer, remoteAddress: String?) -> EmulatorRequest {
        var target = Substring(head.uri)
        // Absolute-form request targets (`http://host/path`), as proxies send them.
        if let scheme = target.range(of: "://"), target.hasPrefix("http") {
            let rest = target[scheme.upperBound...]
            target = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        let path: String, rawQuery: String
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            rawQuery = String(target[target.index(after: question)...])
        } else {
            path = String(target)
            rawQuery = ""
        }
        return EmulatorRequest(method: head.method.rawValue, path: path.isEmpty ? "/" : path, rawQuery: rawQuery,
                               query: PercentEncoding.decodeQuery(rawQuery), headers: head.headers.map { ($0.name, $0.value) },
                               body: Array(body.readableBytesView), remoteAddress: remoteAddress)
    }

    private func writeTooLarge(_ head: HTTPRequestHead, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let error = BlobServiceError.requestBodyTooLarge(limit: maxBodyBytes)
        var response = error.response(requestID: RequestIdentifier.make(), time: Date(), includeBody: head.method != .HEAD)
        response.headers.append(("Date", HTTPDate.format(Date())))
        try await write(response, to: head, outbound: outbound, keepAlive: false, truncate: false)
    }

    private func write(_ response: EmulatorResponse, to head: HTTPRequestHead, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
                       keepAlive: Bool, truncate: Bool) async throws {
        let bodyLength: Int64 = response.fileBody?.length ?? (response.body.isEmpty ? (response.declaredContentLength ?? 0) : Int64(response.body.count))
        var headers = HTTPHeaders()
        for (name, value) in response.headers where name.lowercased() != "content-length" { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Content-Length", value: String(bodyLength))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        // `.custom`, because NIO's `init(statusCode:reasonPhrase:)` keeps the standard phrase for known codes.
        let status = response.reasonPhrase.map { HTTPResponseStatus.custom(code: UInt(response.status), reasonPhrase: Self.safeReason($0)) }
            ?? HTTPResponseStatus(statusCode: response.status)
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: head.version, status: status, headers: headers))]

        let sendsBody = head.method != .HEAD && response.status != 204 && response.status != 304
        // A truncated answer stops halfway through the body it announced.
        let limit = sendsBody ? (truncate ? bodyLength / 2 : bodyLength) : 0
        if limit > Int64(Self.chunkSize) {
            // Large: the head now, then the body in pieces, each written when the connection can take it.
            try await outbound.write(contentsOf: parts)
            parts = []
            if let slice = response.fileBody {
                try await writeFile(slice, limit: limit, outbound: outbound)
            } else {
                try await writeBytes(response.body, limit: Int(limit), outbound: outbound)
            }
        } else if limit > 0 {
            let bytes: [UInt8]
            if let slice = response.fileBody {
                bytes = try await Self.read(slice.file, at: slice.offset, count: Int(limit))
            } else {
                bytes = Array(response.body[..<Int(limit)])
            }
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
        }
        if !truncate { parts.append(.end(nil)) }  // truncated: no end, the connection closes mid-body
        // One write, so a small answer leaves in one segment and the client wakes up once for it.
        if !parts.isEmpty { try await outbound.write(contentsOf: parts) }
    }

    private func writeBytes(_ bytes: [UInt8], limit: Int, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var offset = 0
        while offset < limit {
            let end = min(offset + Self.chunkSize, limit)
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes[offset..<end]))))
            offset = end
        }
    }

    private func writeFile(_ slice: BlobFileSlice, limit: Int64, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var sent: Int64 = 0
        while sent < limit {
            let count = Int(min(Int64(Self.chunkSize), limit - sent))
            let chunk = try await Self.read(slice.file, at: slice.offset + sent, count: count)
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
            sent += Int64(count)
        }
    }

    /// Reads `count` bytes of `file` from `offset`. A small read that the page cache can answer is done here, a copy
    /// cheaper than the two thread switches of handing it to the blocking pool; a larger one, or one that would wait
    /// for the disk, goes to the pool so that the connections sharing this event loop are not held up.
    private static func read(_ file: OpenedBlobFile, at offset: Int64, count: Int) async throws -> [UInt8] {
        let chunk: [UInt8]
        if count <= inlineReadLimit, let cached = file.readIfCached(offset: offset, count: count) {
            chunk = cached
        } else {
            chunk = try await BlobFileIO.offload { try file.read(offset: offset, count: count) }
        }
        guard chunk.count == count else { throw BlobFileError.system(operation: "read", path: file.path, errno: EIO) }
        return chunk
    }

    /// Reads up to this size are done on the connection's own thread.
    static let inlineReadLimit = 64 << 10

    /// Reason phrases may not contain line breaks; Azure's first line is enough.
    private static func safeReason(_ text: String) -> String {
        String(text.prefix { $0 != "\n" && $0 != "\r" })
    }
}
