package dev.processledger.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.LedgerProperties;
import dev.processledger.http.FieldRules;
import dev.processledger.http.ProblemException;
import dev.processledger.http.Problems;
import dev.processledger.platform.DbTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key} on every POST: the first request with a key claims it, a retry with the same key and
 * body gets the stored response and changes nothing, the same key with another request is 422, and a retry while
 * the first is still running is 409. Keys belong to an organization and are kept for
 * {@code ledger.idempotency-retention}. Commands store their response from the command bus, in the transaction
 * of their events; other requests go through {@link #once}.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Metadata of a command sent with a key: the key, its organization and when it was claimed. */
    private static final String KEY = "idempotency_key";

    private static final String ORG = "idempotency_org";
    private static final String CLAIMED_AT = "idempotency_claimed_at";
    /** A claim this old was left by an instance that stopped mid-request; the key may be claimed again. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration retention;
    private final ObjectMapper json;
    private final Counter replays;

    IdempotencyKeys(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            Clock clock,
            LedgerProperties properties,
            ObjectMapper json,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.retention = properties.idempotencyRetention();
        this.json = json;
        this.replays = Counter.builder("ledger.idempotent.replays")
                .description(
                        "Requests answered with the stored response of an earlier one with the same Idempotency-Key")
                .register(registry);
    }

    /** The response stored for a completed request. */
    public record StoredResponse(int status, String body) {

        public ResponseEntity<String> toResponse() {
            MediaType type = status >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
            return ResponseEntity.status(status).contentType(type).body(body);
        }
    }

    /**
     * A key held by a running request. The instant of the claim tells it apart from a later claim of the same
     * key, made by a retry that took over after this request seemed abandoned.
     */
    public record Claim(String orgId, String key, Instant claimedAt) {

        public Map<String, Object> asMetaData() {
            return Map.of(KEY, key, ORG, orgId, CLAIMED_AT, claimedAt.toEpochMilli());
        }

        /** The claim a command was sent under, if it was sent with a key. */
        public static Optional<Claim> fromMetaData(Map<String, ?> metaData) {
            return metaData.get(KEY) instanceof String key
                    ? Optional.of(new Claim(
                            (String) metaData.get(ORG),
                            key,
                            Instant.ofEpochMilli(((Number) metaData.get(CLAIMED_AT)).longValue())))
                    : Optional.empty();
        }
    }

    /** Either the stored response of an earlier identical request, or the claim this request now holds. */
    public record Claimed(StoredResponse replay, Claim claim) {}

    /** What a request did: the response for its caller and the one a retry gets (the same, unless it held a secret). */
    public record Outcome(ResponseEntity<?> response, Object replay, int replayStatus) {

        public static Outcome of(ResponseEntity<?> response) {
            return new Outcome(
                    response, response.getBody(), response.getStatusCode().value());
        }

        /**
         * A response that holds a secret, which is never stored: a retry gets a 409 {@code already-created}
         * naming what was created ({@code idField}: {@code id}) instead.
         */
        public static Outcome holdingSecret(ResponseEntity<?> response, String idField, Object id, String what) {
            ProblemDetail replay = Problems.of(
                    HttpStatus.CONFLICT,
                    "already-created",
                    "Already created",
                    "a request with this Idempotency-Key already created %s; its secret is shown only once"
                            .formatted(what));
            replay.setProperty(idField, id);
            return new Outcome(response, replay, HttpStatus.CONFLICT.value());
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
        Claimed claimed = claim(orgId, key, fingerprint(target, request));
        if (claimed.replay() != null) {
            return claimed.replay().toResponse();
        }
        try {
            Outcome outcome = transaction.execute(s -> {
                Outcome done = action.get();
                if (done.response().getStatusCode().isError()) {
                    s.setRollbackOnly();
                } else {
                    complete(claimed.claim(), done.replayStatus(), write(done.replay()));
                }
                return done;
            });
            if (outcome.response().getStatusCode().isError()) {
                release(claimed.claim());
            }
            return outcome.response();
        } catch (RuntimeException failed) {
            release(claimed.claim());
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
    public Claimed claim(String orgId, String key, String requestHash) {
        new FieldRules().text(HEADER, key, 1, 255, null, null).throwIfAny();
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                transaction.executeWithoutResult(s -> jdbc.update("""
                        INSERT INTO idempotency_key (org_id, idem_key, request_hash, state, created_at)
                        VALUES (?, ?, ?, 'in_flight', ?)""", orgId, key, requestHash, DbTime.toDb(now)));
                return new Claimed(null, new Claim(orgId, key, now));
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
                boolean abandoned = "in_flight".equals(row.get("state"))
                        && created.plus(ABANDONED_AFTER).isBefore(now);
                if (expired || abandoned) {
                    release(new Claim(orgId, key, created));
                    continue;
                }
                if ("in_flight".equals(row.get("state"))) {
                    throw problem(
                            HttpStatus.CONFLICT,
                            "idempotency-key-in-flight",
                            "a request with this Idempotency-Key is still being processed");
                }
                if (!requestHash.equals(row.get("request_hash"))) {
                    throw problem(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "idempotency-key-reused",
                            "Idempotency-Key was used with a different request");
                }
                replays.increment();
                return new Claimed(
                        new StoredResponse(
                                ((Number) row.get("response_status")).intValue(), (String) row.get("response_body")),
                        null);
            }
        }
        throw problem(
                HttpStatus.CONFLICT,
                "idempotency-key-in-flight",
                "a request with this Idempotency-Key is still being processed");
    }

    /**
     * Records the response; called inside the transaction that makes the request's changes. If a retry took the
     * key over meanwhile (this request ran past the abandonment limit), throws, so that transaction rolls back
     * and only the retry's outcome counts.
     */
    public void complete(Claim claim, int status, String body) {
        int updated = jdbc.update("""
                UPDATE idempotency_key SET state = 'done', response_status = ?, response_body = ?
                WHERE org_id = ? AND idem_key = ? AND created_at = ? AND state = 'in_flight'""", status, body, claim.orgId(), claim.key(), DbTime.toDb(claim.claimedAt()));
        if (updated != 1) {
            throw problem(
                    HttpStatus.CONFLICT,
                    "idempotency-key-in-flight",
                    "a retry with this Idempotency-Key took over while this request ran; the retry's result counts");
        }
    }

    /** Frees the key of a request that failed, so the client may retry it; a later claim of the key stays. */
    public void release(Claim claim) {
        transaction.executeWithoutResult(s -> jdbc.update(
                "DELETE FROM idempotency_key WHERE org_id = ? AND idem_key = ? AND created_at = ?",
                claim.orgId(),
                claim.key(),
                DbTime.toDb(claim.claimedAt())));
    }

    @Scheduled(fixedDelayString = "PT10M")
    void forgetExpired() {
        jdbc.update(
                "DELETE FROM idempotency_key WHERE created_at < ?",
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
