package dev.processledger.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;

/**
 * The local segment of a distributed command bus, where commands from other instances are handled. Axon Server's
 * connector passes a failure on to the sender as its message and its details only, and a lost race has no
 * details: the sender would get a bare {@code CommandExecutionException}, neither retried nor answered 409. Here a
 * lost race becomes a {@code CommandExecutionException} whose details are a {@link LostRace}; every other result
 * passes unchanged.
 */
final class LostRaceDetails extends ForwardingCommandBus {

    LostRaceDetails(CommandBus localSegment) {
        super(localSegment);
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        delegate.dispatch(
                command,
                (CommandMessage<? extends C> message, CommandResultMessage<? extends R> result) ->
                        callback.onResult(message, withDetails(result)));
    }

    private static <R> CommandResultMessage<? extends R> withDetails(CommandResultMessage<? extends R> result) {
        if (!result.isExceptional() || result.exceptionDetails().isPresent()) {
            return result;
        }
        Throwable failure = result.exceptionResult();
        return LostRace.raisedIn(failure)
                .<CommandResultMessage<? extends R>>map(race -> new GenericCommandResultMessage<R>(
                        new CommandExecutionException(race.getMessage(), failure, new LostRace(race.getMessage())),
                        result.getMetaData()))
                .orElse(result);
    }
}
