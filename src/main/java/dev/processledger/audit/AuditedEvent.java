package dev.processledger.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event as auditors see it: its stored record ({@link AuditRecord}), its hash (SHA-256 of the record's
 * canonical text) and its global position, which the hash does not cover.
 */
record AuditedEvent(String processId, long sequence, long globalPosition, String content, String hash) {

    static final String UNREADABLE = "unreadable";

    /** Whether the stored record still hashes to the stored hash. */
    boolean matchesHash() {
        return AuditRecord.sha256(content).equals(hash);
    }

    Map<String, Object> record() {
        return AuditRecord.parse(content);
    }

    /**
     * The event as one NDJSON line of the export and {@code /events}: its stored record with
     * {@code global_position} and {@code hash} added, written without parsing the record again (the members are
     * not re-sorted; a verifier canonicalises the line itself). A damaged record is written as {@link #toJson}.
     */
    String toLine() {
        if (content != null && content.length() > 2 && content.charAt(0) == '{' && content.endsWith("}")) {
            return content.substring(0, content.length() - 1) + ",\"global_position\":" + globalPosition
                    + ",\"hash\":\"" + hash + "\"}";
        }
        return Jcs.write(toJson(true));
    }

    /**
     * The event as {@code /events} (without {@code process_id}) and the export show it; a record that is not JSON
     * (damaged) is shown as of type {@code unreadable}, which no hash matches.
     */
    Map<String, Object> toJson(boolean withProcessId) {
        Map<String, Object> json = new LinkedHashMap<>();
        try {
            json.putAll(record());
        } catch (RuntimeException damaged) {
            json.put("process_id", processId);
            json.put("sequence", sequence);
            json.put("type", UNREADABLE);
            for (String member : new String[] {"occurred_at", "actor", "data", "payload_sha256", "prev_hash"}) {
                json.put(member, null);
            }
        }
        if (!withProcessId) {
            json.remove("process_id");
        }
        json.put("global_position", globalPosition);
        json.put("hash", hash);
        return json;
    }
}
