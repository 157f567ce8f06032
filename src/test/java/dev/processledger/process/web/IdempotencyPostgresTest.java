package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** IdempotencyContract on the PostgreSQL store. */
@PostgresStore
class IdempotencyPostgresTest extends IdempotencyContract {}
