package dev.processledger.process.api;

/** One process of one organization; answered with an empty result for another organization's process. */
public record FindProcessQuery(String orgId, String processId) {}
