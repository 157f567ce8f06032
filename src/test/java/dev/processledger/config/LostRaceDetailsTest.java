package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.util.ExceptionSerializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The local segment of a distributed bus hands a lost race to the sender as details that survive Axon Server's
 * conversions; everything else it leaves as it was.
 */
class LostRaceDetailsTest {

    private final Serializer messageSerializer = new AxonConfig().messageSerializer();

    @Test
    void aRaceLostAtCommitLeavesAsDetails() {
        Throwable failure = handledFailingAtCommit(new ConcurrencyException("sequence 3 of p-1 is taken"));

        assertThat(failure).isInstanceOf(CommandExecutionException.class);
        assertThat(HandlerExecutionException.resolveDetails(failure))
                .contains(new LostRace("sequence 3 of p-1 is taken"));
    }

    @Test
    void aLostCreationLeavesAsDetails() {
        Throwable failure = handledFailingAtCommit(new AggregateStreamCreationException("p-1 exists"));

        assertThat(HandlerExecutionException.resolveDetails(failure)).contains(new LostRace("p-1 exists"));
    }

    @Test
    void theSenderRecognisesTheRaceAfterAxonServersConversions() {
        Throwable delivered = acrossAxonServer(handledFailingAtCommit(new ConcurrencyException("lost")));

        assertThat(delivered).isExactlyInstanceOf(CommandExecutionException.class);
        assertThat(LostRace.in(delivered)).isTrue();
    }

    @Test
    void withoutTheDetailsTheSenderCannotTellARace() {
        Throwable delivered = acrossAxonServer(new ConcurrencyException("lost"));

        assertThat(delivered).isExactlyInstanceOf(CommandExecutionException.class);
        assertThat(LostRace.in(delivered)).isFalse();
    }

    @Test
    void otherFailuresAndResultsPassUnchanged() {
        EventStoreException disk = new EventStoreException("disk");

        assertThat(handledFailingAtCommit(disk)).isSameAs(disk);
        assertThat(handle(SimpleCommandBus.builder().build(), null).getPayload())
                .isEqualTo("done");
    }

    private Throwable acrossAxonServer(Throwable failure) {
        Object details = HandlerExecutionException.resolveDetails(failure).orElse(null);
        SerializedObject<byte[]> sent = details == null ? null : messageSerializer.serialize(details, byte[].class);
        return ErrorCode.getCommandExecutionErrorCode(failure)
                .convert(
                        ExceptionSerializer.serialize("handler-instance", failure),
                        () -> sent == null ? null : messageSerializer.deserialize(sent));
    }

    private static Throwable handledFailingAtCommit(RuntimeException atCommit) {
        CommandResultMessage<?> result = handle(SimpleCommandBus.builder().build(), atCommit);
        assertThat(result.isExceptional()).isTrue();
        return result.exceptionResult();
    }

    /** Handles a command through a decorated local segment; the unit of work fails at commit when asked to. */
    private static CommandResultMessage<?> handle(SimpleCommandBus bus, RuntimeException atCommit) {
        LostRaceDetails localSegment = new LostRaceDetails(bus);
        localSegment.subscribe(String.class.getName(), command -> "done");
        if (atCommit != null) {
            localSegment.registerHandlerInterceptor((unitOfWork, chain) -> {
                unitOfWork.onPrepareCommit(u -> {
                    throw atCommit;
                });
                return chain.proceed();
            });
        }
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        localSegment.dispatch(
                GenericCommandMessage.asCommandMessage("update"),
                (CommandMessage<?> command, CommandResultMessage<?> outcome) -> result.set(outcome));
        return result.get();
    }
}
