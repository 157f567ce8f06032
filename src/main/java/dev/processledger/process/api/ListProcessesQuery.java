package dev.processledger.process.api;

/**
 * A page of an organization's processes. Null filters match everything; {@code namespace} is the full
 * organization-qualified namespace, {@code search} a case-insensitive substring of the name.
 */
public record ListProcessesQuery(
        String orgId,
        ProcessStatus status,
        String namespace,
        String search,
        boolean newestFirst,
        int limit,
        int offset) {}
