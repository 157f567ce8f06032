package dev.processledger.security;

import dev.processledger.support.PostgresStore;

/** OrganisationIsolationContract on PostgreSQL. */
@PostgresStore
class OrganisationIsolationPostgresTest extends OrganisationIsolationContract {
}
