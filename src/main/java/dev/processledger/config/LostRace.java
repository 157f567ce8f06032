package dev.processledger.config;

import java.util.Optional;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * A command lost a race on the event store's (aggregate, sequence) key: another writer appended first. Where the
 * command was handled that is a {@link ConcurrencyException} (or an {@link AggregateStreamCreationException} for two
 * creations). A distributed command bus (Axon Server) hands the sender only a {@code CommandExecutionException}
 * and its details, so there the race travels as this record ({@link LostRaceDetails}).
 */
public record LostRace(String message) {

    /**
     * Whether a failure is a lost race, as either bus delivers it: the store's exception anywhere in its causes, or
     * these details on a {@link HandlerExecutionException}.
     */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isRace(t)
                    || t instanceof HandlerExecutionException handled
                            && handled.getDetails().orElse(null) instanceof LostRace) {
                return true;
            }
        }
        return false;
    }

    /** The store's own exception for a lost race, anywhere in a failure's causes. */
    static Optional<Throwable> raisedIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isRace(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static boolean isRace(Throwable t) {
        return t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException;
    }
}
