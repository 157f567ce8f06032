package dev.processledger.process.command;

/** The most events one process may hold ({@code ledger.max-events-per-process}); resolved into command handlers. */
public record HistoryLimit(long maxEventsPerProcess) {

    public HistoryLimit {
        if (maxEventsPerProcess < 2) {
            throw new IllegalArgumentException("a process needs room for at least two events");
        }
    }
}
