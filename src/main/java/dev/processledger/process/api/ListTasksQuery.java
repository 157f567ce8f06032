package dev.processledger.process.api;

/** A page of an organization's tasks, newest first; null filters match everything. */
public record ListTasksQuery(String orgId, TaskStatus status, String processId, int limit, int offset) {}
