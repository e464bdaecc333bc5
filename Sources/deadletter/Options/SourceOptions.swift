import ArgumentParser
import DeadLetterKit
import Foundation

/// Where the dead letters are and how to read them: shared by every command that takes a SOURCE.
struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A container URL (https://<account>.blob.core.windows.net/<container>[?<SAS>], or an emulator's http://127.0.0.1:<port>/<account>/<container>), a container name (with --connection-string), a directory that mirrors a container, or a JSONL(.gz) export (`-` for standard input).",
        valueName: "source"))
    var source: String

    @Option(help: ArgumentHelp("A storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING). Prefer the environment variable: a command line is visible to other users.", valueName: "string"))
    var connectionString: String?

    @Option(help: ArgumentHelp("Use only this credential instead of trying them in order: \(StorageCredentialKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var credential: String?

    @Option(help: ArgumentHelp("The environment variable that holds a bearer token for Storage.", valueName: "name"))
    var tokenVariable = "AZURE_STORAGE_TOKEN"

    @Option(help: ArgumentHelp("A command that prints a bearer token, e.g. \"az account get-access-token --resource https://storage.azure.com/ --query accessToken -o tsv\".", valueName: "command"))
    var tokenCommand: String?

    @Flag(help: "Allow managed identity (IMDS) in the credential chain even without IDENTITY_ENDPOINT.")
    var managedIdentity = false

    @Option(help: ArgumentHelp("A user-assigned managed identity's client id (default: $AZURE_CLIENT_ID).", valueName: "id"))
    var managedIdentityClientId: String?

    @Option(help: ArgumentHelp("Force the blob layout instead of detecting it: adt, eventgrid, eventgrid-namespace.", valueName: "layout"))
    var layout: String?

    @Option(help: ArgumentHelp("Read only shard k of n (1-based): hour folders are split deterministically, so n processes together read everything exactly once.", valueName: "k/n"))
    var shard: String?

    @Option(help: ArgumentHelp("How long after its own time an event may have been dead-lettered; widens folder pruning for --since/--until.", valueName: "duration"))
    var maxDeliveryDelay = "25h"

    @Flag(help: "List the container flat instead of walking its folders (small containers, odd layouts).")
    var flat = false

    @Option(help: ArgumentHelp("With --flat: list only blobs whose names start with this.", valueName: "prefix"))
    var prefix = ""

    @Option(help: ArgumentHelp("The largest single event accepted, in bytes (larger ones are reported, not read).", valueName: "bytes"))
    var maxEventSize = 4 << 20

    @Flag(help: "Allow plain http:// to hosts other than this machine (the credential and the dead letters then cross the network unencrypted). Plain HTTP to 127.0.0.0/8, ::1 and localhost (emulators) is always allowed.")
    var allowInsecureHttp = false

    /// `--allow-insecure-http`, for the source and (in `replay`) the target.
    var transportPolicy: InsecureTransportPolicy { InsecureTransportPolicy(allowInsecureHTTP: allowInsecureHttp) }

    func validate() throws {
        guard QueryDuration.parse(maxDeliveryDelay) != nil else {
            throw ValidationError("--max-delivery-delay takes a duration such as 25h or 90m")
        }
        if let layout, BlobLayoutKind(userText: layout) == nil {
            throw ValidationError("--layout takes adt, eventgrid or eventgrid-namespace")
        }
        if let credential, StorageCredentialKind(rawValue: credential) == nil {
            throw ValidationError("--credential takes one of: \(StorageCredentialKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The scan options these flags describe, with `filter` applied.
    func scanOptions(filter: DeadLetterFilter, concurrency: Int) throws -> ScanOptions {
        var options = ScanOptions()
        options.concurrency = concurrency
        options.filter = filter
        options.layout = layout.flatMap(BlobLayoutKind.init(userText:))
        options.shard = try shard.map { try ShardSpec(parsing: $0) }
        options.maxDeliveryDelay = QueryDuration.parse(maxDeliveryDelay) ?? 25 * 3600
        options.flatListing = flat
        options.prefix = prefix
        options.decoding.maxValueSize = maxEventSize
        return options
    }

    var credentialOptions: StorageCredentialOptions {
        var options = StorageCredentialOptions(connectionString: connectionString, explicitKind: credential.flatMap(StorageCredentialKind.init(rawValue:)),
                                               tokenVariable: tokenVariable, tokenCommand: tokenCommand,
                                               allowManagedIdentityInChain: managedIdentity, managedIdentityClientID: managedIdentityClientId)
        options.transportPolicy = transportPolicy
        return options
    }
}

/// How many blobs are downloaded at once (also the HTTP connection pool size). `replay` names it
/// `--download-concurrency`, since its `--concurrency` is the number of batches in flight.
struct DownloadOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Blobs downloaded at once (and the HTTP connection pool size).", valueName: "n"))
    var concurrency = 32

    @Option(help: ArgumentHelp("Give up on one Storage request after this many seconds without data (it is retried; a blob whose retries all time out is named as not read, exit 2).", valueName: "seconds"))
    var requestTimeout = RequestTimeoutOption.defaultSeconds

    @Option(help: ArgumentHelp("Attempts per Storage request before it is given up (default: 6 for listings, 10 for blob reads; at most 2 minutes per request either way).", valueName: "n"))
    var maxAttempts: Int?

    func validate() throws {
        guard concurrency >= 1 && concurrency <= 1024 else { throw ValidationError("--concurrency must be between 1 and 1024") }
        try RequestTimeoutOption.validate(requestTimeout)
        if let maxAttempts, !(1...100).contains(maxAttempts) { throw ValidationError("--max-attempts must be between 1 and 100") }
    }

    /// The Storage client these flags describe.
    var clientConfiguration: BlobClientConfiguration {
        var configuration = BlobClientConfiguration()
        configuration.concurrency = concurrency
        configuration.readTimeout = RequestTimeoutOption.duration(requestTimeout)
        if let maxAttempts {
            configuration.retry.maxAttempts = maxAttempts
            configuration.readRetry = configuration.retry
        }
        return configuration
    }
}

/// `--request-timeout SECONDS`, the same flag in every command: how long one request may go without an answer (a
/// slow-loris service that accepts and never answers ends in a timeout, then a retry, then a named failure).
enum RequestTimeoutOption {
    static let defaultSeconds = 60.0

    static func validate(_ seconds: Double) throws {
        guard seconds > 0, seconds.isFinite else { throw ValidationError("--request-timeout must be a positive number of seconds") }
    }

    static func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}
