package dev.processledger.security;

import dev.processledger.support.PostgresStore;

/** SecurityApiContract on the PostgreSQL store. */
@PostgresStore
class SecurityApiPostgresTest extends SecurityApiContract {}
