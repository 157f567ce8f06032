package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** TaskApiContract on the PostgreSQL store. */
@PostgresStore
class TaskApiPostgresTest extends TaskApiContract {}
