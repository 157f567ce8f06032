package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** ProcessListContract on the PostgreSQL store. */
@PostgresStore
class ProcessListPostgresTest extends ProcessListContract {}
