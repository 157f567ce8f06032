package dev.processledger.analytics;

import dev.processledger.support.H2Store;

/** AnalyticsContract on the embedded H2 file store. */
@H2Store
class AnalyticsH2Test extends AnalyticsContract {}
