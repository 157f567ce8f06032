package dev.processledger.process.api;

/**
 * Which organization a process belongs to, as the process feature answers it for the others: they ask here and
 * never read its tables.
 */
public interface ProcessDirectory {

    /** Whether the process exists and belongs to the organization. */
    boolean belongsTo(String processId, String orgId);
}
