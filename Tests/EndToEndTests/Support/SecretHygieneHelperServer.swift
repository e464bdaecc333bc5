import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small server on 127.0.0.1 in a `python3` child, for what the emulator does not play:
/// - `.identity`: a managed identity endpoint (App Service's `IDENTITY_ENDPOINT` flow, or IMDS). The first path
///   segment picks the answer: `/ok/…` a token (only with the right `X-IDENTITY-HEADER`, or as IMDS is asked:
///   `Metadata: true` on its token path; else 401), `/wrong/…` a token the emulator refuses, `/refuse/…` a 400 as
///   IMDS gives when no identity is assigned.
/// - `.tls`: HTTPS with a self-signed certificate made by the `openssl` CLI at start, which a client that verifies
///   certificates must refuse. It counts the requests that got through the handshake (there must be none).
/// Python's standard library keeps this free of new package dependencies.
final class SecretHygieneHelperServer: @unchecked Sendable {
    enum Mode: String { case identity, tls }

    enum Failure: Error, CustomStringConvertible {
        case didNotStart(mode: String, output: String)
        case certificateNotMade(output: String)

        var description: String {
            switch self {
            case .didNotStart(let mode, let output): return "the \(mode) helper server (python3) did not start: \(output.prefix(500))"
            case .certificateNotMade(let output): return "openssl could not make a self-signed certificate: \(output.prefix(500))"
            }
        }
    }

    let port: Int
    private let process: Process
    private let directory: URL
    private let requestLog: URL

    /// Not `Sendable` state is only touched in `init` and `stop()` (called once, from `tearDown`).
    init(_ mode: Mode, token: String = "", wrongToken: String = "", identityHeader: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-helper-\(mode.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: script)
        requestLog = directory.appendingPathComponent("requests.log")
        var environment = ProcessInfo.processInfo.environment
        environment["HELPER_TOKEN"] = token
        environment["HELPER_WRONG_TOKEN"] = wrongToken
        environment["HELPER_IDENTITY_HEADER"] = identityHeader
        environment["HELPER_REQUEST_LOG"] = requestLog.path
        if mode == .tls {
            let (certificate, key) = try Self.makeCertificate(in: directory)
            environment["HELPER_CERTIFICATE"] = certificate.path
            environment["HELPER_KEY"] = key.path
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path, mode.rawValue]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is "PORT <n>"; anything else (a traceback) is the reason it did not start.
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).prefix(while: \.isNumber)) else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure.didNotStart(mode: mode.rawValue, output: text)
        }
        self.port = port
    }

    /// How many requests the server answered (for `.tls`: got past the handshake).
    var answeredRequests: Int {
        ((try? String(contentsOf: requestLog, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// SIGKILL: a child of the test process inherits a signal mask that blocks SIGTERM, so `terminate()` would not
    /// end it.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func makeCertificate(in directory: URL) throws -> (certificate: URL, key: URL) {
        let certificate = directory.appendingPathComponent("cert.pem"), key = directory.appendingPathComponent("key.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key.path, "-out", certificate.path, "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        let output = Pipe()
        openssl.standardOutput = output
        openssl.standardError = output
        try openssl.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw Failure.certificateNotMade(output: String(decoding: text, as: UTF8.self)) }
        return (certificate, key)
    }

    private static let script = #"""
    import http.server, json, os, ssl, sys

    mode = sys.argv[1]
    log_path = os.environ["HELPER_REQUEST_LOG"]

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            with open(log_path, "a") as log:
                log.write(self.path.split("?")[0] + "\n")

        def do_GET(self):
            if mode == "tls":
                return self.answer(200, {})
            route = self.path.lstrip("/").split("/")[0]
            if route == "ok":
                imds = self.headers.get("Metadata") == "true" and "/metadata/identity/oauth2/token?api-version=2018-02-01" in self.path
                if not imds and self.headers.get("X-IDENTITY-HEADER") != os.environ["HELPER_IDENTITY_HEADER"]:
                    return self.answer(401, {"error": "unauthorized", "error_description": "X-IDENTITY-HEADER does not match"})
                return self.answer(200, {"access_token": os.environ["HELPER_TOKEN"], "expires_on": "4102444800", "token_type": "Bearer"})
            if route == "wrong":
                return self.answer(200, {"access_token": os.environ["HELPER_WRONG_TOKEN"], "expires_on": "4102444800", "token_type": "Bearer"})
            return self.answer(400, {"error": "invalid_request", "error_description": "Identity not found"})

        do_POST = do_GET
        do_HEAD = do_GET
        do_PUT = do_GET

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if mode == "tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.environ["HELPER_CERTIFICATE"], os.environ["HELPER_KEY"])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()
    """#
}
