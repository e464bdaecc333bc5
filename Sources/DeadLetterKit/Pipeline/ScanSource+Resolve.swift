import AsyncHTTPClient
import AzureCore
import Foundation

extension ScanSource {
    /// Turns a SOURCE argument into a source: a container URL (or a container name with a connection string or
    /// account variables) gets the Azure client with the resolved credential; a directory is a local mirror; any
    /// other existing file, or `-`, is a JSONL export.
    public static func resolve(_ argument: String, credentials: StorageCredentialOptions, environment: [String: String],
                               httpClient: HTTPClient, configuration: BlobClientConfiguration) throws -> ScanSource {
        let kind: SourceArgument
        do {
            kind = try SourceArgument.classify(argument)
        } catch {
            // Not a URL and not a path: a bare container name, if a connection string or account says where.
            guard isContainerName(argument),
                  credentials.connectionString != nil || environment["AZURE_STORAGE_CONNECTION_STRING"] != nil
                    || environment["AZURE_STORAGE_ACCOUNT"] != nil else { throw error }
            var named = credentials
            named.containerName = argument
            return try container(named, environment: environment, httpClient: httpClient, configuration: configuration)
        }
        switch kind {
        case .containerURL(let url):
            var located = credentials
            located.containerURL = url
            return try container(located, environment: environment, httpClient: httpClient, configuration: configuration)
        case .localMirror(let directory):
            let mirror = try LocalContainerMirror(directory: directory)
            return .container(lister: mirror, reader: mirror, description: directory)
        case .exportFile(let path):
            return .exportFile(path: path)
        }
    }

    private static func container(_ options: StorageCredentialOptions, environment: [String: String], httpClient: HTTPClient,
                                  configuration: BlobClientConfiguration) throws -> ScanSource {
        let resolved = try StorageCredentialResolver(environment: environment, httpClient: httpClient).resolve(options)
        try options.transportPolicy.check(resolved)
        let client = BlobClient(location: resolved.location, authorizer: resolved.authorizer, httpClient: httpClient,
                                configuration: configuration)
        return .container(lister: client, reader: client, description: resolved.location.description)
    }

    /// Azure container names: 3–63 lower-case letters, digits and hyphens (or `$root`, `$logs`).
    static func isContainerName(_ text: String) -> Bool {
        if text == "$root" || text == "$logs" { return true }
        return (3...63).contains(text.count) && text.allSatisfy { $0.isLowercase && $0.isASCII || $0.isNumber || $0 == "-" }
    }
}
