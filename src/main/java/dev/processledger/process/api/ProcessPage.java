package dev.processledger.process.api;

import java.util.List;

/** One page of a process list; {@code total} counts every match across all pages. */
public record ProcessPage(List<ProcessSummary> processes, long total, int limit, int offset) {}
