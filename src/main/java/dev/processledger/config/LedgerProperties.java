package dev.processledger.config;

import java.time.Duration;
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
 * @param http                 how long and how many slow requests the HTTP server puts up with
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
        @DefaultValue Http http) {

    /**
     * @param keepAlive                interval of the keep-alive comment
     * @param replayLimit              how many of an organisation's latest events a reconnecting client can get back
     * @param maxConnectionsPerToken   open streams one token may hold; more are refused with 429
     * @param maxConnections           open streams on one instance (each has a thread); more are refused with 429
     * @param bufferSize               messages queued for one client; a client that falls further behind is dropped
     */
    public record Stream(@DefaultValue("10s") Duration keepAlive, @DefaultValue("1000") int replayLimit,
                         @DefaultValue("5") int maxConnectionsPerToken, @DefaultValue("200") int maxConnections,
                         @DefaultValue("1000") int bufferSize) {
    }

    /** @param perSecond requests per second per token, with bursts of twice that; 0 turns the limit off */
    public record RateLimit(@DefaultValue("500") int perSecond) {
    }

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
    public record Http(@DefaultValue("20s") Duration readTimeout,
                       @DefaultValue("100") int maxConnectionsPerAddress,
                       @DefaultValue("16") int maxBodyReadsPerAddress) {
    }

    /** @param token plaintext token to install on first start instead of a random one; never logged */
    public record Bootstrap(String token) {
    }
}
