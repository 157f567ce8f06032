package dev.processledger.process.web;

import dev.processledger.http.ProblemException;
import dev.processledger.http.Problems;
import dev.processledger.process.query.TaskViewQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Long polls on tasks ({@code GET /tasks/{id}/wait}) without a thread each: every waiter is a callback, and one
 * thread looks every {@link #TICK} at all the tasks waited on in one statement. A task decided on any instance,
 * cancelled or expired answers its waiters; a waiter whose time is up is answered as timed out, and so is every
 * waiter when the service stops. An organization holds at most {@link #PER_ORGANIZATION} waits at once, so it cannot
 * take the others' share.
 */
@Component
class TaskWaits implements SmartLifecycle {

    static final Duration TICK = Duration.ofMillis(250);
    static final int PER_ORGANIZATION = 100;

    private static final Logger log = LoggerFactory.getLogger(TaskWaits.class);

    /** One waiting request: answered with {@code true} once its task is settled, {@code false} when its time is up. */
    private record Waiter(String orgId, String taskId, Instant deadline, Consumer<Boolean> answer) {}

    private final TaskViewQueries tasks;
    private final Clock clock;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perOrganization = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    TaskWaits(TaskViewQueries tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Registers a wait; refused with 429 when the organization already holds its share. */
    void await(String orgId, String taskId, Duration timeout, Consumer<Boolean> answer) {
        AtomicInteger held = perOrganization.computeIfAbsent(orgId, k -> new AtomicInteger());
        if (held.incrementAndGet() > PER_ORGANIZATION) {
            held.decrementAndGet();
            throw new ProblemException(
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-waits",
                            "Too many waits",
                            "the organization already holds %d task waits; try again later"
                                    .formatted(PER_ORGANIZATION)),
                    1L);
        }
        waiters.add(new Waiter(orgId, taskId, clock.instant().plus(timeout), answer));
    }

    private void tick() {
        try {
            if (waiters.isEmpty()) {
                return;
            }
            Set<String> ids = waiters.stream().map(Waiter::taskId).collect(Collectors.toSet());
            Set<String> settled = Set.copyOf(tasks.settledAmong(ids));
            Instant now = clock.instant();
            for (Waiter waiter : List.copyOf(waiters)) {
                if (settled.contains(waiter.taskId())) {
                    answer(waiter, true);
                } else if (!now.isBefore(waiter.deadline())) {
                    answer(waiter, false);
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; the next tick tries again
            log.warn("Could not check waited tasks: {}", e.toString());
        }
    }

    private void answer(Waiter waiter, boolean settled) {
        if (waiters.remove(waiter)) {
            perOrganization.get(waiter.orgId()).decrementAndGet();
            waiter.answer().accept(settled);
        }
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "task-waits");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answers every wait as timed out (the client waits again), before the web server drains its requests. */
    @Override
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        List.copyOf(waiters).forEach(waiter -> answer(waiter, false));
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
