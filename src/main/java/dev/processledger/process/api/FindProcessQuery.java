package dev.processledger.process.api;

/** One process of one organisation; answered with an empty result for another organisation's process. */
public record FindProcessQuery(String orgId, String processId) {
}
