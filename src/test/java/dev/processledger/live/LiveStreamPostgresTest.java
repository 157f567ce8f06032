package dev.processledger.live;

import dev.processledger.support.PostgresStore;

/** LiveStreamContract on the PostgreSQL store. */
@PostgresStore
class LiveStreamPostgresTest extends LiveStreamContract {}
