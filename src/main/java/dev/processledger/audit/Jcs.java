package dev.processledger.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Canonicalization Scheme (RFC 8785): members sorted by their names' UTF-16 code units, no white space,
 * strings with ECMAScript's escapes, numbers as ECMAScript writes IEEE-754 doubles. What event hashes cover;
 * any JCS library reproduces it. Writes with an explicit stack, so nesting depth is never limited by the
 * thread's stack.
 */
public final class Jcs {

    private Jcs() {}

    /** Output written as it is (punctuation, member names), queued beside the values still to write. */
    private record Text(String text) {}

    /** The canonical text of null, Boolean, Number, String, Map (names as strings) or Collection values. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value == null ? NULL : value);
        while (!pending.isEmpty()) {
            Object item = pending.pop();
            if (item instanceof Text text) {
                out.append(text.text());
            } else if (item == NULL) {
                out.append("null");
            } else if (item instanceof String string) {
                string(string, out);
            } else if (item instanceof Boolean bool) {
                out.append(bool);
            } else if (item instanceof Number number) {
                out.append(number(number));
            } else if (item instanceof Map<?, ?> map) {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((name, member) -> sorted.put(String.valueOf(name), member == null ? NULL : member));
                pushAll(pending, "{", "}", sorted.entrySet().iterator(), true);
            } else if (item instanceof Collection<?> list) {
                pushAll(pending, "[", "]", list.iterator(), false);
            } else {
                throw new IllegalArgumentException(
                        "no JSON for " + item.getClass().getName());
            }
        }
        return out.toString();
    }

    private static final Object NULL = new Object();

    /** Queues an object's members or an array's items, separators included, so they come out in order. */
    private static void pushAll(Deque<Object> pending, String open, String close, Iterator<?> items, boolean members) {
        Deque<Object> parts = new ArrayDeque<>();
        parts.add(new Text(open));
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                parts.add(new Text(","));
            }
            first = false;
            Object item = items.next();
            if (members) {
                Map.Entry<?, ?> member = (Map.Entry<?, ?>) item;
                StringBuilder name = new StringBuilder();
                string((String) member.getKey(), name);
                parts.add(new Text(name.append(':').toString()));
                parts.add(member.getValue());
            } else {
                parts.add(item == null ? NULL : item);
            }
        }
        parts.add(new Text(close));
        for (Iterator<Object> reversed = parts.descendingIterator(); reversed.hasNext(); ) {
            pending.push(reversed.next());
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A number as ECMAScript's Number.prototype.toString writes the double nearest to it. */
    static String number(Number number) {
        double value = number instanceof BigDecimal decimal
                ? decimal.doubleValue()
                : number instanceof BigInteger integer ? integer.doubleValue() : number.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        if (value == 0) {
            return "0";
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        // the shortest decimal that reads back as the same double; rounding to nearest picks the closest of them
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String s = shortest.unscaledValue().toString();
        int k = s.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return s + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return s.substring(0, n) + "." + s.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + s;
        }
        String exponent = (n - 1 < 0 ? "-" : "+") + Math.abs(n - 1);
        return k == 1 ? s + "e" + exponent : s.charAt(0) + "." + s.substring(1) + "e" + exponent;
    }
}
