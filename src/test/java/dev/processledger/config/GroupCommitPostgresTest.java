package dev.processledger.config;

import dev.processledger.support.PostgresStore;

/** GroupCommitContract on the PostgreSQL store: a refusal inside a group rolls back to its savepoint only. */
@PostgresStore
class GroupCommitPostgresTest extends GroupCommitContract {}
