import ArgumentParser
import AsyncHTTPClient
import AzureCore
import DeadLetterKit
import Foundation

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-send selected dead letters to an Event Grid topic, an Event Hub or a Service Bus queue or topic.",
        discussion: """
        TARGET (--to) names the kind and the place:
          eventgrid:https://<topic>.<region>-1.eventgrid.azure.net/api/events
          eventhubs:https://<namespace>.servicebus.windows.net/<hub>
          servicebus:https://<namespace>.servicebus.windows.net/<queue-or-topic>
          eventhubs | servicebus   (the connection string's EntityPath gives the rest)

        Credentials come from the environment, never from the command line:
        DEADLETTER_TARGET_KEY (Event Grid topic key), DEADLETTER_TARGET_CONNECTION_STRING (Event Hubs / Service
        Bus; UseDevelopmentEmulator=true means plain HTTP to the given host), DEADLETTER_TARGET_TOKEN (a bearer
        token), or --target-token-command / --target-managed-identity.

        Plain http:// (a --to URL, or a connection string with UseDevelopmentEmulator=true) is refused for any host
        but this machine (127.0.0.0/8, ::1, localhost) unless --allow-insecure-http is given; the same holds for
        SOURCE.

        CloudEvents go to Event Grid verbatim minus the dead-letter fields; Event Hubs and Service Bus get the
        binary-mode shape ADT itself delivers (body = data, cloudEvents:* properties; Service Bus MessageId = event
        id so duplicate detection drops repeats). Each acknowledged batch is recorded in a journal (fsync) before
        the run moves on, so a rerun after a crash, kill or Ctrl-C skips what was acknowledged. When the target
        keeps timing out or refusing connections (--max-consecutive-failures batches in a row, or that many
        batches' worth of unanswered attempts across the batches in flight), nothing more is
        sent and every event not sent goes to --failed with the reason (exit 2). Exit 0 only when every selected
        event was sent.

        Examples:
          deadletter replay outage.jsonl.gz --to "eventgrid:https://twins.westeurope-1.eventgrid.azure.net/api/events" --dry-run
          DEADLETTER_TARGET_CONNECTION_STRING="Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=...;EntityPath=twins" \\
            deadletter replay "$SAS_URL" --since 6h --to eventhubs --rate 500 --failed failed.jsonl
          deadletter replay "$SAS_URL" --type 'Microsoft.DigitalTwins.Twin.*' --to servicebus:https://ns.servicebus.windows.net/twin-events --after delete
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var source: SourceOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: ArgumentHelp("Where to send: eventgrid:<topic URL>, eventhubs[:<URL>], servicebus[:<URL>].", valueName: "target"))
    var to: String

    @Option(help: ArgumentHelp("The Event Grid topic's input schema: cloudevents or eventgrid.", valueName: "schema"))
    var schema: String = "cloudevents"

    @Option(help: ArgumentHelp("Event Hubs / Service Bus partition key: twin (keeps each twin's order), id or none.", valueName: "key"))
    var partitionKey: String = "twin"

    @Option(help: ArgumentHelp("Batches in flight.", valueName: "n"))
    var concurrency = 8

    @Option(help: ArgumentHelp("Blobs downloaded at once while replaying.", valueName: "n"))
    var downloadConcurrency = 32

    @Option(help: ArgumentHelp("At most this many events per second.", valueName: "n"))
    var rate: Double?

    @Option(help: ArgumentHelp("At most this many bytes per second.", valueName: "n"))
    var rateBytes: Double?

    @Option(help: ArgumentHelp("At most this many events per batch.", valueName: "n"))
    var maxBatchEvents = 500

    @Option(help: ArgumentHelp("Give up on one publish request after this many seconds without a complete answer (it is then retried like a lost connection); Storage reads of the source give up after this long without data.", valueName: "seconds"))
    var requestTimeout = RequestTimeoutOption.defaultSeconds

    @Option(help: ArgumentHelp("Stop sending after this many batches in a row failed with timeouts or refused connections, or after this many batches' worth of attempts in a row (counted across the batches in flight) got no answer; every event not sent then goes to --failed with the reason, exit 2 (0: never stop).", valueName: "n"))
    var maxConsecutiveFailures = 5

    @Flag(help: "Show what would be sent (counts by type, reason and target, bytes, batches); send nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The journal of acknowledged batches (default: derived from source and target).", valueName: "file"))
    var journal: String?

    @Flag(help: "Run without a journal: a crash then means sending everything again.")
    var noJournal = false

    @Option(help: ArgumentHelp("Write every event that could not be sent here (export JSONL with the reason), ready to replay.", valueName: "file"))
    var failed: String?

    @Option(help: ArgumentHelp("What to do with a source blob once all its events were acknowledged: keep, delete (If-Match) or tag.", valueName: "action"))
    var after: String = "keep"

    @Flag(help: "Add a CloudEvents extension attribute deadletterreplay (a count) so consumers can see a replay loop.")
    var mark = false

    @Option(help: ArgumentHelp("The ADT instance host (e.g. contoso.api.weu.digitaltwins.azure.net), to rebuild `source` of ADT events dead-lettered in the Event Grid schema.", valueName: "host"))
    var adtInstanceHost: String?

    @Option(help: ArgumentHelp("The variable holding the Event Grid topic key.", valueName: "name"))
    var keyVariable = ReplayCredentialOptions.defaultKeyVariable

    @Option(help: ArgumentHelp("The variable holding the Event Hubs / Service Bus connection string.", valueName: "name"))
    var connectionStringVariable = ReplayCredentialOptions.defaultConnectionStringVariable

    @Option(help: ArgumentHelp("The variable holding a bearer token for the target.", valueName: "name"))
    var targetTokenVariable = ReplayCredentialOptions.defaultTokenVariable

    @Option(help: ArgumentHelp("A command that prints a bearer token for the target.", valueName: "command"))
    var targetTokenCommand: String?

    @Flag(help: "Get the target's token from managed identity.")
    var targetManagedIdentity = false

    @Flag(help: "Send an aeg-sas-token made from the Event Grid key instead of the key itself.")
    var eventGridSasToken = false

    @Option(help: ArgumentHelp("Output format of the summary: text or json (on stdout).", valueName: "format"))
    var format: Format = .text

    @Flag(name: [.short, .long], help: "No progress line.")
    var quiet = false

    func validate() throws {
        guard ReplayEventGridSchema(rawValue: schema) != nil else { throw ValidationError("--schema takes cloudevents or eventgrid") }
        guard ReplayPartitionKey(rawValue: partitionKey) != nil else { throw ValidationError("--partition-key takes twin, id or none") }
        guard ReplayAfterAction(rawValue: after) != nil else { throw ValidationError("--after takes keep, delete or tag") }
        guard concurrency >= 1, downloadConcurrency >= 1 else { throw ValidationError("concurrency must be at least 1") }
        guard maxBatchEvents >= 1 else { throw ValidationError("--max-batch-events must be at least 1") }
        try RequestTimeoutOption.validate(requestTimeout)
        guard maxConsecutiveFailures >= 0 else { throw ValidationError("--max-consecutive-failures must be 0 (never stop) or more") }
        if journal != nil && noJournal { throw ValidationError("--journal and --no-journal exclude each other") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let filter = try filters.filter()
        let scanOptions = try source.scanOptions(filter: filter, concurrency: downloadConcurrency)
        var clientConfiguration = BlobClientConfiguration()
        clientConfiguration.concurrency = max(downloadConcurrency, concurrency)
        clientConfiguration.readTimeout = RequestTimeoutOption.duration(requestTimeout)
        let httpClient = BlobClient.makeHTTPClient(clientConfiguration)
        do {
            try await replay(filter: filter, scanOptions: scanOptions, httpClient: httpClient,
                             clientConfiguration: clientConfiguration, environment: environment)
            try await httpClient.shutdown()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    private func replay(filter: DeadLetterFilter, scanOptions: ScanOptions, httpClient: HTTPClient,
                        clientConfiguration: BlobClientConfiguration, environment: [String: String]) async throws {
        let scanSource = try ScanSource.resolve(source.source, credentials: source.credentialOptions, environment: environment,
                                                httpClient: httpClient, configuration: clientConfiguration)
        let address = try ReplayTargetAddress.parse(to)
        let settings = ReplayTargetSettings(eventGridSchema: ReplayEventGridSchema(rawValue: schema) ?? .cloudEvents,
                                            partitionKey: ReplayPartitionKey(rawValue: partitionKey) ?? .twin, mark: mark,
                                            maxBatchEvents: maxBatchEvents, adtInstanceHost: adtInstanceHost)
        var credentials = ReplayCredentialOptions(keyVariable: keyVariable, connectionStringVariable: connectionStringVariable,
                                                  tokenVariable: targetTokenVariable)
        credentials.tokenCommand = targetTokenCommand
        credentials.managedIdentity = targetManagedIdentity ? .init() : nil
        credentials.eventGridSASToken = eventGridSasToken
        let target = try ReplayTargetFactory.makeTarget(address: address, settings: settings, credentials: credentials,
                                                        transport: source.transportPolicy, environment: environment, httpClient: httpClient)

        let scan = DeadLetterScanner(source: scanSource, options: scanOptions).start(progress: ProgressReporter(quiet: true))
        var configuration = ReplayConfiguration(concurrency: concurrency, eventsPerSecond: rate, bytesPerSecond: rateBytes,
                                                requestTimeout: RequestTimeoutOption.duration(requestTimeout),
                                                maxConsecutiveFailures: maxConsecutiveFailures,
                                                afterAction: ReplayAfterAction(rawValue: after) ?? .keep,
                                                sourceIsFiltered: filter.summary != DeadLetterFilter.all.summary,
                                                failedEventsPath: failed)
        configuration.expectedEvents = nil

        if dryRun {
            let runner = ReplayRunner(configuration: configuration, target: target, journal: nil, httpClient: httpClient)
            let report = try await runner.dryRun(events: scan.deadLetters)
            let scanSummary = try await scan.summary()
            try emit(text: report.text(), json: report.json, scanSummary: scanSummary)
            try ScanCommandRuntime.finish(scanSummary, printSummary: format == .text)
            return
        }

        let journalFile: ReplayJournal? = try noJournal ? nil : ReplayJournal.open(
            path: journal ?? ReplayJournal.defaultPath(source: scanSource.description, target: target.displayName, environment: environment),
            identity: ReplayJournal.identity(source: scanSource.description, target: target.displayName))
        if let journalFile, journalFile.previouslyAcknowledged > 0 {
            Stderr.write("journal \(journalFile.path): \(journalFile.previouslyAcknowledged) events already acknowledged will be skipped\n")
        }
        let cancellation = ReplayCancellation()
        let signals = ReplayInterruptSignals(cancellation: cancellation)
        let progress = ReplayProgressLine(enabled: !quiet && TerminalInfo.isTerminal(STDERR_FILENO))
        var blobActions: (any ReplaySourceBlobActions)?
        if case .container(_, let reader, _) = scanSource { blobActions = reader as? any ReplaySourceBlobActions }
        if after != ReplayAfterAction.keep.rawValue && blobActions == nil {
            // Otherwise the run would end with "blobs deleted 0" and no word on why.
            Stderr.write("warning: --after \(after) acts only on the blobs of a container; SOURCE is a local directory or an export file, so nothing will be \(after == "delete" ? "deleted" : "tagged")\n")
        }
        let runner = ReplayRunner(configuration: configuration, target: target, journal: journalFile, httpClient: httpClient,
                                  blobActions: blobActions, cancellation: cancellation)
        let summary = try await runner.run(events: scan.deadLetters) { progress.update($0) }
        signals.cancel()
        progress.finish()
        await journalFile?.close()
        let scanSummary = try await scan.summary()
        try emit(text: summary.text(), json: summary.json, scanSummary: scanSummary)
        if format == .text { Stderr.write(RunSummaryRenderer.text(scanSummary)) }
        // The summary goes to standard output, which scripts redirect: why the run stopped (a refused credential
        // names its variable, never its value) must also reach standard error.
        switch summary.stop {
        case .completed, .interrupted: break
        default: Stderr.write("error: replay stopped: " + TerminalText.sanitize(summary.stop.description) + "\n")
        }
        if case .credentialRejected = summary.stop { throw ExitCode(1) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        if !scanSummary.allBlobsRead { throw ExitCode(2) }
    }

    /// The replay report on stdout: text, or one JSON document with the source's accounting.
    private func emit(text: String, json: OutputJSON, scanSummary: RunSummary) throws {
        let output = try OutputSink(destination: .standardOutput)
        switch format {
        case .text: try output.write(text.utf8)
        case .json:
            let document = OutputJSON.object([("replay", json), ("source", RunSummaryRenderer.json(scanSummary))])
            try output.write((document.rendered(pretty: true) + "\n").utf8)
        }
        try output.finish()
    }
}
