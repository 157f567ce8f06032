package dev.processledger.config;

import dev.processledger.support.PostgresStore;

/** TrackedEventsQueryContract on PostgreSQL. */
@PostgresStore
class TrackedEventsQueryPostgresTest extends TrackedEventsQueryContract {}
