import AzureCore

extension EmulatorServer {
    /// What `deadletter emulator` prints once listening: endpoints, connection strings, and where faults apply.
    /// Keys are printed only when they are the emulator's published test keys (the well-known development key and
    /// the sinks' fixed keys); a key given with --account is shown as a placeholder.
    public var banner: String {
        var lines: [String] = ["Azure emulator listening on \(baseURL)"]
        switch configuration.storage {
        case .memory: lines.append("  storage: in memory (gone when the emulator stops)")
        case .directory(let path): lines.append("  storage: \(path)  (<account>/<container>/<blob path>; drop a mirror in to serve it)")
        }
        for account in configuration.accounts.keys.sorted() {
            lines.append("Blob service, account \(account): \(blobEndpoint(account: account))")
            if configuration.accounts[account] == StorageConnectionString.developmentAccountKey {
                lines.append("  connection string: \(connectionString(account: account))")
            } else {
                lines.append("  connection string: DefaultEndpointsProtocol=http;AccountName=\(account);AccountKey=<the key given with --account>;BlobEndpoint=\(blobEndpoint(account: account));")
            }
        }
        if !configuration.acceptedBearerTokens.isEmpty {
            lines.append("  bearer tokens accepted: \(configuration.acceptedBearerTokens.count) (x-ms-version 2017-11-09 or later)")
        }
        let sinkConfiguration = sinks.configuration
        for topic in sinkConfiguration.eventGridTopics.keys.sorted() {
            let schema = sinkConfiguration.eventGridTopics[topic]?.inputSchema.rawValue ?? ""
            lines.append("Event Grid topic \(topic) (\(schema)): \(baseURL)/\(topic)/api/events")
        }
        if sinkConfiguration.eventGridTopics.values.contains(where: { $0.keys.contains(SinkConfiguration.defaultEventGridKey) }) {
            lines.append("  test topic key (aeg-sas-key): \(SinkConfiguration.defaultEventGridKey)")
        }
        for entity in sinkConfiguration.messagingEntities.keys.sorted() {
            let kind = sinkConfiguration.messagingEntities[entity]?.kind.rawValue ?? ""
            lines.append("\(kind) \(entity): \(baseURL)/\(entity)/messages")
        }
        if !sinkConfiguration.messagingEntities.isEmpty {
            let hostPort = "\(Self.urlHost(host)):\(port)"
            lines.append("  test connection string: Endpoint=sb://\(hostPort)/;SharedAccessKeyName=\(SinkConfiguration.defaultPolicyName);SharedAccessKey=\(SinkConfiguration.defaultMessagingKey);UseDevelopmentEmulator=true")
        }
        let faulty = configuration.faults.filter { !$0.value.isQuiet }.keys.map(\.rawValue).sorted()
        if !faulty.isEmpty {
            lines.append("Fault injection on \(faulty.joined(separator: ", ")) (seed \(configuration.seed)); counters: \(baseURL)/_emulator/counters")
        } else {
            lines.append("Counters: \(baseURL)/_emulator/counters   faults: PUT \(baseURL)/_emulator/faults/<service>")
        }
        return lines.joined(separator: "\n")
    }
}
