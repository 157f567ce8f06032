package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only lost races on the event store are retried, and only a bounded number of times. */
class ConcurrencyRetrySchedulerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConcurrencyRetryScheduler scheduler =
            new ConcurrencyRetryScheduler(3, Duration.ofMillis(1), registry);
    private final GenericCommandMessage<String> command = new GenericCommandMessage<>("update");

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void retriesAConcurrencyExceptionByRunningTheDispatchAgain() throws InterruptedException {
        CountDownLatch dispatched = new CountDownLatch(1);

        boolean scheduled = scheduler.scheduleRetry(
                command, new ConcurrencyException("lost the race"), failures(1), dispatched::countDown);

        assertThat(scheduled).isTrue();
        assertThat(dispatched.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.counter("ledger.command.retries").count()).isEqualTo(1);
    }

    @Test
    void retriesWhenTheConcurrencyExceptionIsACause() {
        RuntimeException wrapped = new IllegalStateException("wrapper", new ConcurrencyException("lost the race"));

        assertThat(scheduler.scheduleRetry(command, wrapped, failures(1), () -> {}))
                .isTrue();
    }

    @Test
    void retriesALostRaceDeliveredByADistributedBus() {
        RuntimeException delivered = new CommandExecutionException("lost the race", null, new LostRace("lost"));

        assertThat(scheduler.scheduleRetry(command, delivered, failures(1), () -> {}))
                .isTrue();
    }

    @Test
    void neverRetriesOtherFailuresDeliveredByADistributedBus() {
        RuntimeException delivered = new CommandExecutionException("disk", null, null);

        assertThat(scheduler.scheduleRetry(command, delivered, failures(1), () -> {}))
                .isFalse();
    }

    @Test
    void givesUpAfterTheMaximumNumberOfRetries() {
        assertThat(scheduler.scheduleRetry(command, new ConcurrencyException("again"), failures(3), () -> {}))
                .isTrue();
        assertThat(scheduler.scheduleRetry(command, new ConcurrencyException("again"), failures(4), () -> {}))
                .isFalse();
    }

    @Test
    void neverRetriesOtherFailures() {
        assertThat(scheduler.scheduleRetry(command, new EventStoreException("disk"), failures(1), () -> {}))
                .isFalse();
        assertThat(scheduler.scheduleRetry(command, new IllegalArgumentException("bad"), failures(1), () -> {}))
                .isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int count) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(new Class[] {ConcurrencyException.class});
        }
        return failures;
    }
}
