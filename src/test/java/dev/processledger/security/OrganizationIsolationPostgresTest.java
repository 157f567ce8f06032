package dev.processledger.security;

import dev.processledger.support.PostgresStore;

/** OrganizationIsolationContract on PostgreSQL. */
@PostgresStore
class OrganizationIsolationPostgresTest extends OrganizationIsolationContract {}
