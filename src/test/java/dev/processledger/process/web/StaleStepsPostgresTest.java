package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** StaleStepsContract on the PostgreSQL store. */
@PostgresStore
class StaleStepsPostgresTest extends StaleStepsContract {}
