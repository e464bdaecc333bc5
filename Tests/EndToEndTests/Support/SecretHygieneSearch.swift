import AzureCore
import Foundation
import XCTest

/// The secrets of a secret-hygiene test in every form they could leak in: as given, percent-encoded and decoded
/// (as in a URL), base64 and base64url (as in a header or a token), plus the "canary" marker every secret holds
/// before any encoding.
struct SecretHygieneSecrets {
    private(set) var forms: [String: String] = ["the canary marker (any decoded secret)": "canary"]

    init() {
        for (name, secret) in SecretHygieneCanary.all { add(name, secret) }
    }

    mutating func add(_ name: String, _ secret: String) {
        forms[name] = secret
        forms[name + " (percent-encoded)"] = PercentEncoding.encode(secret)
        forms[name + " (percent-decoded)"] = PercentEncoding.decode(secret)
        forms[name + " (base64)"] = Data(secret.utf8).base64EncodedString()
        forms[name + " (base64url)"] = SecretHygieneCanary.base64URL(Data(secret.utf8))
    }

    /// The `sig=` value of a Storage SAS (the part that makes it a credential), in all its forms.
    mutating func addSignature(ofSAS token: String, name: String) {
        if let signature = StorageSASToken(token).fields["sig"] { add("SAS signature (\(name))", signature) }
    }
}

/// What one run of the executable left behind: its output and every file it wrote in its scratch directory
/// (exports, journals, `--failed` files).
struct SecretHygieneRun: Sendable {
    var label: String
    var result: CLIResult
    var files: [URL]
}

enum SecretHygieneSearch {
    /// Markers after which a secret would follow; each occurrence must be followed by the redaction mask.
    static let markers = ["sig=", "SharedAccessKey=", "AccountKey=", "aeg-sas-key=", "aeg-sas-key: ", "Bearer ", "X-IDENTITY-HEADER: "]

    /// Every leak in `runs`: a secret form in stdout, stderr or a written file, or an unredacted marker. Also
    /// returns how many outputs and files were searched.
    static func leaks(in runs: [SecretHygieneRun], secrets: SecretHygieneSecrets) -> (leaks: [String], searched: Int) {
        var leaks: [String] = []
        var searched = 0
        for run in runs {
            var haystacks: [(String, Data)] = [("stdout", run.result.stdoutData), ("stderr", Data(run.result.stderr.utf8))]
            for url in run.files {
                guard let data = try? Data(contentsOf: url) else { continue }
                haystacks.append((url.lastPathComponent, url.pathExtension == "gz" ? gunzip(url) ?? data : data))
            }
            for (place, data) in haystacks {
                searched += 1
                for (name, secret) in secrets.forms where !secret.isEmpty && data.range(of: Data(secret.utf8)) != nil {
                    leaks.append("\(run.label): the \(name) appears in \(place)\n\(run.result.transcript)")
                }
                let text = String(decoding: data, as: UTF8.self)
                for marker in markers {
                    for occurrence in text.components(separatedBy: marker).dropFirst()
                    where !occurrence.hasPrefix(Redactor.mask) && !occurrence.hasPrefix("…") {
                        leaks.append("\(run.label): unredacted \(marker) in \(place): \(marker)\(occurrence.prefix(40))")
                    }
                }
            }
        }
        return (leaks, searched)
    }

    /// Fails the test for each leak in `runs`, and when fewer than stdout and stderr of every run were searched.
    static func assertNoLeaks(_ runs: [SecretHygieneRun], secrets: SecretHygieneSecrets, file: StaticString = #filePath, line: UInt = #line) {
        let (found, searched) = leaks(in: runs, secrets: secrets)
        for leak in found { XCTFail(leak, file: file, line: line) }
        XCTAssertGreaterThanOrEqual(searched, runs.count * 2, file: file, line: line)
    }

    /// The files under `directory`, recursively.
    static func files(under directory: URL) -> [URL] {
        (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { !$0.hasDirectoryPath }
    }

    static func gunzip(_ url: URL) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
