package dev.processledger.process.query;

import java.util.List;

/**
 * The processes an organization has histories for, from the index of stored events (which the audit feature
 * keeps): what a rebuild of the read model replays, since the read model itself may be what is missing.
 */
public interface OrganizationHistories {

    /** The organization's process ids, oldest first. */
    List<String> processesOf(String orgId);
}
