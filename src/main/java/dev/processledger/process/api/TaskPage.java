package dev.processledger.process.api;

import java.util.List;

/** One page of a task list; {@code total} counts every match across all pages. */
public record TaskPage(List<TaskDetails> tasks, long total, int limit, int offset) {}
