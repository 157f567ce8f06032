package dev.processledger.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.EventTypes;
import dev.processledger.process.api.ProcessEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit record of an event, fixed when the event is appended and stored as its RFC 8785 canonical text: what
 * the event's hash covers, and what {@code /events} and the export show, never derived again from today's classes
 * (docs/audit.md). {@code payload_sha256} binds it to the event store's own copy of the event.
 */
final class AuditRecord {

    /** A mapper of its own, so a change to the web's JSON settings can never change what a record holds. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private AuditRecord() {}

    /** The event's payload as a snake_case JSON object, as auditors read it. */
    static Map<String, Object> data(ProcessEvent event) {
        return MAPPER.convertValue(event, JSON_OBJECT);
    }

    /** The canonical text of an event's record: what is stored, shown and hashed. */
    static String content(ProcessEvent event, long sequence, Actor actor, byte[] storedPayload, String prevHash) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("process_id", event.processId());
        content.put("sequence", sequence);
        content.put("type", EventTypes.nameOf(event.getClass()));
        content.put("occurred_at", event.at().toString());
        content.put(
                "actor", actor == null ? null : Map.of("token_id", actor.tokenId(), "token_name", actor.tokenName()));
        content.put("data", data(event));
        content.put("payload_sha256", sha256(storedPayload));
        content.put("prev_hash", prevHash);
        return Jcs.write(content);
    }

    /** A record's text as a JSON object, to show it (writing it with {@link Jcs} gives the same text back). */
    static Map<String, Object> parse(String content) {
        if (content == null) {
            throw new IllegalStateException("the event has no audit record");
        }
        try {
            return MAPPER.readValue(content, JSON_OBJECT);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored audit record is not JSON", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
