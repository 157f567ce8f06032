package dev.processledger.analytics;

import dev.processledger.support.PostgresStore;

/** AnalyticsContract on PostgreSQL. */
@PostgresStore
class AnalyticsPostgresTest extends AnalyticsContract {}
