package dev.processledger.process.web;

import dev.processledger.config.DbTime;
import dev.processledger.config.LedgerProperties;
import dev.processledger.web.ProblemException;
import dev.processledger.web.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * {@code Idempotency-Key} on POSTs: the first request with a key claims it, a retry with the same key and body
 * gets the stored response and appends nothing, the same key with another body is 422, and a retry while the
 * first is still running is 409. Keys belong to an organisation and are kept for {@code ledger.idempotency-retention}.
 */
@Component
class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final String KEY = "idempotency_key";
    static final String ORG = "idempotency_org";
    /** A claim this old was left by an instance that stopped mid-request; the key may be claimed again. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration retention;

    IdempotencyKeys(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, LedgerProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.retention = properties.idempotencyRetention();
    }

    /** The response stored for a completed request. */
    record StoredResponse(int status, String body) {
    }

    /**
     * Claims the key for this request, or returns the response stored for an identical earlier one. Throws a
     * 409 or 422 problem when the key cannot be used.
     */
    Optional<StoredResponse> claim(String orgId, String key, String requestHash) {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                transaction.executeWithoutResult(s -> jdbc.update("""
                        INSERT INTO idempotency_key (org_id, idem_key, request_hash, state, created_at)
                        VALUES (?, ?, ?, 'in_flight', ?)""", orgId, key, requestHash, DbTime.toDb(now)));
                return Optional.empty();
            } catch (DuplicateKeyException taken) {
                List<Map<String, Object>> rows = jdbc.queryForList("""
                        SELECT request_hash, state, response_status, response_body, created_at FROM idempotency_key
                        WHERE org_id = ? AND idem_key = ?""", orgId, key);
                if (rows.isEmpty()) {
                    continue;
                }
                Map<String, Object> row = rows.get(0);
                Instant created = DbTime.fromDb(row.get("created_at"));
                boolean expired = created.plus(retention).isBefore(now);
                boolean abandoned = "in_flight".equals(row.get("state")) && created.plus(ABANDONED_AFTER).isBefore(now);
                if (expired || abandoned) {
                    release(orgId, key);
                    continue;
                }
                if ("in_flight".equals(row.get("state"))) {
                    throw problem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                            "a request with this Idempotency-Key is still being processed");
                }
                if (!requestHash.equals(row.get("request_hash"))) {
                    throw problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                            "Idempotency-Key was used with a different request");
                }
                return Optional.of(new StoredResponse(((Number) row.get("response_status")).intValue(),
                        (String) row.get("response_body")));
            }
        }
        throw problem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                "a request with this Idempotency-Key is still being processed");
    }

    /** Records the response; called inside the transaction that appends the request's events. */
    void complete(String orgId, String key, int status, String body) {
        jdbc.update("""
                UPDATE idempotency_key SET state = 'done', response_status = ?, response_body = ?
                WHERE org_id = ? AND idem_key = ?""", status, body, orgId, key);
    }

    /** Frees the key of a request that failed, so the client may retry it. */
    void release(String orgId, String key) {
        transaction.executeWithoutResult(s -> jdbc.update(
                "DELETE FROM idempotency_key WHERE org_id = ? AND idem_key = ?", orgId, key));
    }

    @Scheduled(fixedDelayString = "PT10M")
    void forgetExpired() {
        jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?",
                DbTime.toDb(clock.instant().minus(retention)));
    }

    private static ProblemException problem(HttpStatus status, String slug, String detail) {
        return new ProblemException(Problems.of(status, slug, status.getReasonPhrase(), detail));
    }
}
