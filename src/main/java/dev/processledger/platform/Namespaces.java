package dev.processledger.platform;

import java.util.regex.Pattern;

/**
 * Namespaces belong to an organization: stored and answered as {@code <orgId>.<namespace>}, accepted from clients
 * in either form, so a namespace sent back as the API returned it names the same namespace.
 */
public final class Namespaces {

    /** Dot-separated segments of letters, digits and '-'; no empty segment. */
    public static final Pattern SHORT_FORM = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

    public static final String SHORT_FORM_HINT =
            "may contain only letters, digits, '-' and '.' between them (no leading, trailing or double '.')";

    private Namespaces() {}

    /** The namespace without the caller's organization prefix, whichever form was sent. */
    public static String shortForm(String orgId, String namespace) {
        String prefix = orgId + ".";
        return namespace.startsWith(prefix) ? namespace.substring(prefix.length()) : namespace;
    }

    /** The stored, organization-qualified form. */
    public static String qualified(String orgId, String namespace) {
        return orgId + "." + shortForm(orgId, namespace);
    }
}
