package dev.processledger.process.api;

/** One task of one organization; answered with an empty result for another organization's task. */
public record FindTaskQuery(String orgId, String taskId) {}
