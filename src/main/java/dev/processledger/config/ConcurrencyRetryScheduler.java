package dev.processledger.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries a command only when it lost a race on the event store's (aggregate, sequence) key ({@link LostRace}: a
 * {@link ConcurrencyException}, an {@link AggregateStreamCreationException} for two creations, or the details Axon
 * Server delivers for either): the aggregate is reloaded and the update re-validated against the winner's events.
 * Delays grow and carry jitter so that colliding writers spread out. Every other failure is final.
 */
final class ConcurrencyRetryScheduler implements RetryScheduler, AutoCloseable {

    private final int maxRetries;
    private final Duration baseDelay;
    private final Counter retries;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("command-retry"));

    ConcurrencyRetryScheduler(int maxRetries, Duration baseDelay, MeterRegistry registry) {
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.retries = Counter.builder("ledger.command.retries")
                .description("Commands retried after losing a race on the event store")
                .register(registry);
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable commandDispatch) {
        if (!LostRace.in(lastFailure) || failures.size() > maxRetries) {
            return false;
        }
        long ceiling = baseDelay.toMillis() << Math.min(failures.size() - 1, 6);
        long delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        retries.increment();
        executor.schedule(commandDispatch, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
