package dev.processledger.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ledger's tunables ({@code ledger.*}); every default works out of the box.
 *
 * @param staleAfter           a running step with no update for this long becomes {@code timed_out}
 * @param maxEventsPerProcess  history cap per process; updates beyond it are refused
 * @param maxBody              largest request body accepted
 * @param bootstrap            the first start's admin token ({@code LEDGER_BOOTSTRAP_TOKEN})
 * @param stream               the live stream ({@code GET /stream})
 * @param rateLimit            requests per second per token
 * @param snapshotThreshold    events after which a process's state is snapshotted, so loading it stays cheap
 * @param cacheSize            processes kept loaded in memory per instance
 * @param idempotencyRetention how long an Idempotency-Key and its response are kept
 * @param maxTokensPerOrganization working (neither revoked nor expired) tokens an organization may hold
 * @param export               streamed NDJSON responses (the audit export, {@code /events} as NDJSON)
 * @param http                 how long and how many slow requests the HTTP server puts up with
 * @param cors                 which browser origins may call the API
 * @param storeCompaction      how the embedded H2 file is kept proportional to its data
 * @param groupCommit          how concurrent commands share a transaction
 * @param analytics            how soon the analytics processor follows new events
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue("30m") Duration staleAfter,
        @DefaultValue("10000") long maxEventsPerProcess,
        @DefaultValue("64KB") DataSize maxBody,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Stream stream,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("250") int snapshotThreshold,
        @DefaultValue("10000") long cacheSize,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("1000") long maxTokensPerOrganization,
        @DefaultValue Export export,
        @DefaultValue Http http,
        @DefaultValue Cors cors,
        @DefaultValue StoreCompaction storeCompaction,
        @DefaultValue GroupCommit groupCommit,
        @DefaultValue Analytics analytics) {

    /**
     * @param keepAlive                interval of the keep-alive comment
     * @param replayLimit              how many of an organization's latest events a reconnecting client can get back
     * @param maxConnectionsPerToken   open streams one token may hold; more are refused with 429
     * @param maxConnectionsPerOrganization open streams one organization may hold on one instance; more are 429
     * @param maxConnections           open streams on one instance (each has a thread); more are refused with 429
     * @param bufferSize               messages queued for one client; a client that falls further behind is dropped
     */
    public record Stream(
            @DefaultValue("10s") Duration keepAlive,
            @DefaultValue("1000") int replayLimit,
            @DefaultValue("5") int maxConnectionsPerToken,
            @DefaultValue("50") int maxConnectionsPerOrganization,
            @DefaultValue("200") int maxConnections,
            @DefaultValue("1000") int bufferSize) {}

    /**
     * Request rates, each with bursts of twice the rate; 0 turns a limit off.
     *
     * @param perSecond                     requests per second per token
     * @param perOrganizationPerSecond      requests per second per organization, over all its tokens
     * @param failedAuthPerAddressPerSecond requests with a missing, unknown, revoked or expired token per second per
     *                                      client address; past it the address gets 429 until it slows down
     */
    public record RateLimit(
            @DefaultValue("500") int perSecond,
            @DefaultValue("1000") int perOrganizationPerSecond,
            @DefaultValue("5") int failedAuthPerAddressPerSecond) {}

    /**
     * @param maxPerOrganization streamed responses one organization may have open on one instance; more are 429
     * @param maxConcurrent      streamed responses open on one instance (each holds a thread); more are 429
     */
    public record Export(
            @DefaultValue("2") int maxPerOrganization,
            @DefaultValue("8") int maxConcurrent) {}

    /**
     * Bounds on clients that send a request slowly, so that they cannot hold the server's threads and connections.
     * Behind a reverse proxy every client has the proxy's address: raise or switch off ({@code 0}) the per-address
     * bounds there and let the proxy bound each client (docs/deploy.md).
     *
     * @param readTimeout              time from a request's first byte to its last (request line, headers and body);
     *                                 a request head still arriving then is cut off, a body is refused with 408
     * @param maxConnectionsPerAddress open connections one client address may hold; more are closed at once
     * @param maxBodyReadsPerAddress   request bodies being received at once from one client address (each holds a
     *                                 thread while it arrives); more are refused with 429
     */
    public record Http(
            @DefaultValue("20s") Duration readTimeout,
            @DefaultValue("100") int maxConnectionsPerAddress,
            @DefaultValue("16") int maxBodyReadsPerAddress) {}

    /**
     * @param allowedOrigins origins (e.g. {@code https://console.example.com}) whose browser pages may call the
     *                       API; empty, the default, allows none
     * @param maxAge         how long a browser may keep a preflight's answer
     */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("30m") Duration maxAge) {}

    /**
     * Compaction of the embedded H2 file while the service runs (PostgreSQL is left alone): a pass rewrites the live
     * pages of the emptiest chunks so that their space is reused.
     *
     * @param interval time between passes; 0 turns compaction off, and the file then grows with every update
     * @param maxTime  the longest one pass rewrites for (commits wait while a rewrite step holds H2's store lock)
     */
    public record StoreCompaction(
            @DefaultValue("250ms") Duration interval,
            @DefaultValue("200ms") Duration maxTime) {}

    /** @param token plaintext token to install on first start instead of a random one; never logged */
    public record Bootstrap(String token) {}

    /**
     * Commands that arrive while others are being handled are handled together and committed in one transaction, each
     * behind a savepoint of its own (config/GroupCommitCommandBus).
     *
     * @param maxSize the most commands one transaction holds; 1 gives every command a transaction of its own
     * @param lanes   transactions open at once, each for the commands of its share of the processes
     */
    public record GroupCommit(
            @DefaultValue("64") int maxSize,
            @DefaultValue("1") int lanes) {}

    /**
     * @param wakeGather how long the commits that wake the analytics processor are gathered before it reads them: under
     *                   load it commits one batch per this interval (each a durable commit of its own), and a quiet
     *                   service counts an update that much later
     */
    public record Analytics(@DefaultValue("250ms") Duration wakeGather) {}
}
