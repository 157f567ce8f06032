package dev.processledger.http;

import java.sql.SQLException;

/**
 * A loggable stand-in for an exception: the chain of exception types (and SQLStates) with the original stack
 * trace, but no messages, since driver and parser messages can repeat values a client sent.
 */
final class Redacted extends Exception {

    private Redacted(String description, StackTraceElement[] stackTrace) {
        super(description, null, false, true);
        setStackTrace(stackTrace);
    }

    static Redacted of(Throwable failure) {
        StringBuilder description = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (description.length() > 0) {
                description.append(" <- ");
            }
            description.append(t.getClass().getName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                description.append(" [SQLState ").append(sql.getSQLState()).append(']');
            }
        }
        return new Redacted(description.toString(), failure.getStackTrace());
    }
}
