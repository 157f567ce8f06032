package dev.processledger.process.web;

import dev.processledger.support.PostgresStore;

/** ProjectionRebuildContract on the PostgreSQL store. */
@PostgresStore
class ProjectionRebuildPostgresTest extends ProjectionRebuildContract {}
