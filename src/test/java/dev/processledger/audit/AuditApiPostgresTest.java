package dev.processledger.audit;

import dev.processledger.support.PostgresStore;

/** AuditApiContract on the PostgreSQL store. */
@PostgresStore
class AuditApiPostgresTest extends AuditApiContract {}
