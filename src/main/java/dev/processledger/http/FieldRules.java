package dev.processledger.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every broken rule of a request body, so a client sees all of them in one 400. */
public final class FieldRules {

    private final List<FieldIssue> issues = new ArrayList<>();

    /** Checks a required text member: present, within length, matching the pattern if one is given. */
    public FieldRules text(String field, String value, int min, int max, Pattern pattern, String patternHint) {
        if (value == null) {
            return fail(field, field + " is required");
        }
        optionalText(field, value, max);
        if (value.length() < min) {
            fail(field, "%s must be at least %d character%s".formatted(field, min, min == 1 ? "" : "s"));
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            fail(field, field + " " + patternHint);
        }
        return this;
    }

    /**
     * Checks an optional text member: within length, free of NUL (which no database text column holds) and of
     * unpaired UTF-16 surrogates (which are no Unicode text: PostgreSQL would store them as '?', H2 as they are).
     */
    public FieldRules optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            fail(field, "%s must be at most %d characters".formatted(field, max));
        } else if (value != null && value.indexOf('\u0000') >= 0) {
            fail(field, field + " must not contain NUL characters");
        } else if (value != null && !isUnicodeText(value)) {
            fail(field, field + " must not contain unpaired surrogates (\\ud800-\\udfff escapes)");
        }
        return this;
    }

    /** True when every surrogate in the text is half of a pair, i.e. the text is valid Unicode. */
    public static boolean isUnicodeText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Parses an optional integer parameter within [min, max]; a bad value is reported and the fallback returned. */
    public long integer(String field, String value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        fail(
                field,
                max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                        ? "%s must be an integer of at least %d".formatted(field, min)
                        : "%s must be an integer from %d to %d".formatted(field, min, max));
        return fallback;
    }

    public FieldRules check(boolean ok, String field, String message) {
        return ok ? this : fail(field, message);
    }

    public FieldRules fail(String field, String message) {
        issues.add(new FieldIssue(field, message));
        return this;
    }

    public boolean hasIssues() {
        return !issues.isEmpty();
    }

    public void throwIfAny() {
        if (!issues.isEmpty()) {
            throw new InvalidRequestException(issues);
        }
    }
}
