package dev.processledger.audit;

import dev.processledger.process.api.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a process as auditors see it. {@code hash} is SHA-256 over the canonical JSON of every member
 * except {@code global_position} and {@code hash} itself (docs/audit.md).
 */
record AuditedEvent(String processId, long sequence, Long globalPosition, String type, String occurredAt,
                    Actor actor, Map<String, Object> data, String hash, String prevHash) {

    /** The type of a stored event that cannot be deserialised (damaged or unknown payload). */
    static final String UNREADABLE = "unreadable";

    boolean readable() {
        return !UNREADABLE.equals(type);
    }

    /** The members the hash covers, as a JSON object. */
    Map<String, Object> hashedContent() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("process_id", processId);
        content.put("sequence", sequence);
        content.put("type", type);
        content.put("occurred_at", occurredAt);
        content.put("actor", actor == null ? null : Map.of("token_id", actor.tokenId(), "token_name",
                actor.tokenName()));
        content.put("data", data);
        content.put("prev_hash", prevHash);
        return content;
    }

    /** The hash this event's content and predecessor hash come to. */
    String computeHash() {
        return sha256(CanonicalJson.write(hashedContent()));
    }

    /** The event as {@code /events} and the export show it. */
    Map<String, Object> toJson(boolean withProcessId) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (withProcessId) {
            json.put("process_id", processId);
        }
        json.put("sequence", sequence);
        json.put("global_position", globalPosition);
        json.put("type", type);
        json.put("occurred_at", occurredAt);
        json.put("actor", hashedContent().get("actor"));
        json.put("data", data);
        json.put("hash", hash);
        json.put("prev_hash", prevHash);
        return json;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
