package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** ProcessApiContract on the PostgreSQL store. */
@PostgresStore
class ProcessApiPostgresTest extends ProcessApiContract {}
