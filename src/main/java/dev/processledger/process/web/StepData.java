package dev.processledger.process.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.http.FieldRules;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for a {@code step_completed} update's {@code data} beyond its size: nesting at most {@link #MAX_DEPTH}
 * levels, numbers that fit a double and integers that a double holds exactly, and keys and strings that are
 * Unicode text. Everything accepted here can be
 * written back by every reader of the ledger (GET, {@code /events}, {@code /state}, the stream, the export) and
 * checked by the shipped verifier. Walks the tree with an explicit stack, so a deep body cannot exhaust the thread's.
 */
final class StepData {

    /** Deepest nesting of objects and arrays in {@code data}, the object itself counting as level 1. */
    static final int MAX_DEPTH = 64;
    /** 2^53 − 1: the largest integer every JSON reader holds exactly (RFC 7493, I-JSON). */
    private static final java.math.BigInteger MAX_EXACT_INTEGER = java.math.BigInteger.valueOf(9007199254740991L);

    private StepData() {}

    private record Level(JsonNode node, int depth) {}

    /** Why the data cannot be stored, or empty when it can. */
    static Optional<String> problem(JsonNode data) {
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(data, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            JsonNode node = level.node();
            if (node.isContainerNode() && level.depth() > MAX_DEPTH) {
                return Optional.of(
                        "data must not nest objects and arrays more than %d levels deep".formatted(MAX_DEPTH));
            }
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                return Optional.of("data must not contain numbers too large to store, such as 1e400");
            }
            if (node.isIntegralNumber() && node.bigIntegerValue().abs().compareTo(MAX_EXACT_INTEGER) > 0) {
                return Optional.of("data must not contain integers beyond ±9007199254740991, which JSON readers "
                        + "(and the audit record's canonical form) hold only approximately");
            }
            if (node.isTextual() && !FieldRules.isUnicodeText(node.textValue())) {
                return Optional.of("data must not contain unpaired surrogates (\\ud800-\\udfff escapes)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (!FieldRules.isUnicodeText(member.getKey())) {
                    return Optional.of("data must not contain unpaired surrogates (\\ud800-\\udfff escapes)");
                }
                pending.push(new Level(member.getValue(), level.depth() + 1));
            }
            if (node.isArray()) {
                node.forEach(item -> pending.push(new Level(item, level.depth() + 1)));
            }
        }
        return Optional.empty();
    }
}
