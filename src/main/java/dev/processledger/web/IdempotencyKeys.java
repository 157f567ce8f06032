package dev.processledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.DbTime;
import dev.processledger.config.LedgerProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * {@code Idempotency-Key} on every POST: the first request with a key claims it, a retry with the same key and
 * body gets the stored response and changes nothing, the same key with another request is 422, and a retry while
 * the first is still running is 409. Keys belong to an organisation and are kept for
 * {@code ledger.idempotency-retention}. Commands store their response from the command bus, in the transaction
 * of their events; other requests go through {@link #once}.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Metadata of a command sent with a key: the key and its organisation. */
    public static final String KEY = "idempotency_key";
    public static final String ORG = "idempotency_org";
    /** A claim this old was left by an instance that stopped mid-request; the key may be claimed again. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration retention;
    private final ObjectMapper json;

    IdempotencyKeys(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, LedgerProperties properties,
                    ObjectMapper json) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.retention = properties.idempotencyRetention();
        this.json = json;
    }

    /** The response stored for a completed request. */
    public record StoredResponse(int status, String body) {

        public ResponseEntity<String> toResponse() {
            MediaType type = status >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
            return ResponseEntity.status(status).contentType(type).body(body);
        }
    }

    /** What a request did: the response for its caller and the one a retry gets (the same, unless it held a secret). */
    public record Outcome(ResponseEntity<?> response, Object replay, int replayStatus) {

        public static Outcome of(ResponseEntity<?> response) {
            return new Outcome(response, response.getBody(), response.getStatusCode().value());
        }
    }

    /**
     * Runs a request that is not a command under its key: a retry gets the stored replay; otherwise the action
     * and the stored replay commit in one transaction. An action that fails, or answers with an error, frees the key.
     */
    public ResponseEntity<?> once(String orgId, String key, String target, Object request, Supplier<Outcome> action) {
        if (key == null) {
            return action.get().response();
        }
        Optional<StoredResponse> stored = claim(orgId, key, fingerprint(target, request));
        if (stored.isPresent()) {
            return stored.get().toResponse();
        }
        try {
            Outcome outcome = transaction.execute(s -> {
                Outcome done = action.get();
                if (done.response().getStatusCode().isError()) {
                    s.setRollbackOnly();
                } else {
                    complete(orgId, key, done.replayStatus(), write(done.replay()));
                }
                return done;
            });
            if (outcome.response().getStatusCode().isError()) {
                release(orgId, key);
            }
            return outcome.response();
        } catch (RuntimeException failed) {
            release(orgId, key);
            throw failed;
        }
    }

    /**
     * What makes two requests the same: the target and the body as parsed (so white space does not count), as the
     * SHA-256 of its UTF-8 text.
     */
    public String fingerprint(String target, Object request) {
        try {
            byte[] text = (target + "\n" + write(request)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Claims the key for this request, or returns the response stored for an identical earlier one. Throws a
     * 400 for a malformed key, a 409 or 422 problem when the key cannot be used.
     */
    public Optional<StoredResponse> claim(String orgId, String key, String requestHash) {
        new FieldRules().text(HEADER, key, 1, 255, null, null).throwIfAny();
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

    /** Records the response; called inside the transaction that makes the request's changes. */
    public void complete(String orgId, String key, int status, String body) {
        jdbc.update("""
                UPDATE idempotency_key SET state = 'done', response_status = ?, response_body = ?
                WHERE org_id = ? AND idem_key = ?""", status, body, orgId, key);
    }

    /** Frees the key of a request that failed, so the client may retry it. */
    public void release(String orgId, String key) {
        transaction.executeWithoutResult(s -> jdbc.update(
                "DELETE FROM idempotency_key WHERE org_id = ? AND idem_key = ?", orgId, key));
    }

    @Scheduled(fixedDelayString = "PT10M")
    void forgetExpired() {
        jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?",
                DbTime.toDb(clock.instant().minus(retention)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response or parsed request can always be written", e);
        }
    }

    private static ProblemException problem(HttpStatus status, String slug, String detail) {
        return new ProblemException(Problems.of(status, slug, status.getReasonPhrase(), detail));
    }
}
