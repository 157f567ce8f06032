package dev.processledger.config;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.commandhandling.distributed.UnresolvedRoutingKeyPolicy;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: commands that arrive while a transaction is being written are handled together and committed in one
 * transaction, so that a burst of updates pays for one durable commit instead of one each. The store's commit, not
 * the statements, is most of an update's cost (docs/performance.md).
 *
 * <p>Each command still runs in a unit of work of its own, behind a savepoint ({@link SavepointTransactions}): its
 * events, its audit records and its view rows are written as before, and a refused command rolls back to its
 * savepoint alone. No command is answered before the group's transaction has committed, so an acknowledged update is
 * as durable as before and visible to the next read. If that commit fails, every command of the group gets the
 * failure (none of them is stored) and the loaded processes are dropped from the cache, which had seen them.
 *
 * <p>Commands are handled on {@code lanes} threads, each lane for its share of the processes (by the command's
 * target), so commands to one process keep their order and two lanes never touch the same process. Within a group
 * they are handled in the order of their process ids, so that two instances writing to one PostgreSQL database take
 * row locks in the same order and cannot deadlock each other. A command that arrives alone is handled alone, in a
 * transaction of its own, on its sender's thread, with no hand-over to a lane.
 */
final class GroupCommitCommandBus extends ForwardingCommandBus {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);
    private static final TransactionDefinition GROUP = new DefaultTransactionDefinition();
    /** How often an idle lane checks whether the service is stopping. */
    private static final long LOOK_AGAIN_MS = 100;

    private final PlatformTransactionManager transactions;
    private final Cache loadedProcesses;
    private final int maxSize;
    private final List<Lane> lanes = new ArrayList<>();
    private final RoutingStrategy targets = AnnotationRoutingStrategy.builder()
            .fallbackRoutingStrategy(UnresolvedRoutingKeyPolicy.STATIC_KEY)
            .build();
    private final DistributionSummary groupSizes;
    private volatile boolean stopped;

    /**
     * @param handling        the bus that handles one command on the calling thread, in a transaction from
     *                        {@link SavepointTransactions}
     * @param loadedProcesses the aggregate cache, emptied when a group's commit fails
     */
    GroupCommitCommandBus(
            CommandBus handling,
            PlatformTransactionManager transactions,
            Cache loadedProcesses,
            LedgerProperties.GroupCommit settings,
            MeterRegistry registry) {
        super(handling);
        this.transactions = transactions;
        this.loadedProcesses = loadedProcesses;
        this.maxSize = settings.maxSize();
        this.groupSizes = DistributionSummary.builder("ledger.group.commit.size")
                .description("Commands committed together in one transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        if (maxSize > 1) {
            for (int i = 0; i < Math.max(1, settings.lanes()); i++) {
                lanes.add(new Lane("group-commit-" + i));
            }
        }
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        if (lanes.isEmpty() || stopped || alreadyInTransaction()) {
            delegate.dispatch(command, callback);
            return;
        }
        String target = targets.getRoutingKey(command);
        Pending<C, R> pending = new Pending<>(command, callback, target);
        Lane lane = lanes.get(Math.floorMod(target.hashCode(), lanes.size()));
        if (lane.queue.isEmpty() && lane.tryWriting()) {
            // nothing to group it with: handled at once on the sender's thread, without a hand-over
            try {
                groupSizes.record(1);
                pending.handleAlone();
            } finally {
                lane.writing.unlock();
            }
            return;
        }
        lane.queue.add(pending);
        if (stopped && lane.queue.remove(pending)) {
            pending.handleAlone();
        }
    }

    /** A command sent from inside another's handling (or a transaction) belongs to it, not to a group. */
    private static boolean alreadyInTransaction() {
        return CurrentUnitOfWork.isStarted() || TransactionSynchronizationManager.isActualTransactionActive();
    }

    /**
     * Handles what is queued, then lets later commands be handled on their sender's thread. The lanes are not
     * interrupted: an interrupt during a write closes H2's file.
     */
    void shutDown() {
        stopped = true;
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Lane implements Runnable {

        private final BlockingQueue<Pending<?, ?>> queue = new LinkedBlockingQueue<>();
        /** Held while the lane's commands are handled, by the lane's thread or by a lone command's sender. */
        private final ReentrantLock writing = new ReentrantLock(true);

        private final Thread thread;

        private Lane(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** The lock if no one holds it or waits for it (a fair lock's tryLock would jump the queue). */
        private boolean tryWriting() {
            try {
                return writing.tryLock(0, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void run() {
            List<Pending<?, ?>> group = new ArrayList<>(maxSize);
            while (!stopped) {
                Pending<?, ?> first;
                try {
                    first = queue.poll(LOOK_AGAIN_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (first == null) {
                    continue;
                }
                writing.lock();
                try {
                    // what arrived while a lone command was being handled joins the group
                    group.add(first);
                    queue.drainTo(group, maxSize - 1);
                    handle(group);
                } catch (RuntimeException | Error failure) {
                    // the lane must outlive anything a command does: its senders would wait for ever
                    log.error(
                            "A group of {} commands failed; the unanswered ones get the failure",
                            group.size(),
                            failure);
                    group.forEach(pending -> pending.fail(failure));
                } finally {
                    writing.unlock();
                }
                group.clear();
            }
            queue.drainTo(group);
            group.forEach(Pending::handleAlone);
        }
    }

    private void handle(List<Pending<?, ?>> group) {
        groupSizes.record(group.size());
        if (group.size() == 1) {
            group.get(0).handleAlone();
            return;
        }
        group.sort(Comparator.comparing(Pending::target));
        TransactionStatus transaction;
        try {
            transaction = transactions.getTransaction(GROUP);
        } catch (RuntimeException failure) {
            group.forEach(pending -> pending.fail(failure));
            return;
        }
        try {
            group.forEach(Pending::handleInGroup);
        } catch (RuntimeException | Error failure) {
            log.error("A group of {} commands failed outside their handling; none is stored", group.size(), failure);
            transactions.rollback(transaction);
            forgetLoadedProcesses();
            group.forEach(pending -> pending.fail(failure));
            return;
        }
        try {
            transactions.commit(transaction);
        } catch (RuntimeException failure) {
            forgetLoadedProcesses();
            group.forEach(pending -> pending.fail(failure));
            return;
        }
        group.forEach(Pending::answer);
    }

    /** The cache holds the group's processes as its commands left them: gone with the group. */
    private void forgetLoadedProcesses() {
        loadedProcesses.removeAll();
    }

    /** A command waiting for its group, and its result until the group has committed. */
    private final class Pending<C, R> {

        private final CommandMessage<C> command;
        private final CommandCallback<? super C, ? super R> callback;
        private final String target;
        private CommandResultMessage<? extends R> result;
        private boolean answered;

        private Pending(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback, String target) {
            this.command = command;
            this.callback = callback;
            this.target = target;
        }

        private String target() {
            return target;
        }

        private void handleAlone() {
            try {
                delegate.<C, R>dispatch(command, (message, outcome) -> {
                    result = outcome;
                    answer();
                });
            } catch (RuntimeException failure) {
                fail(failure);
            }
        }

        private void handleInGroup() {
            delegate.<C, R>dispatch(command, (message, outcome) -> result = outcome);
            if (result == null) {
                throw new IllegalStateException("command " + command.getCommandName() + " was not handled in place");
            }
        }

        private void answer() {
            if (!answered) {
                answered = true;
                callback.onResult(command, result);
            }
        }

        private void fail(Throwable failure) {
            if (!answered) {
                answered = true;
                callback.onResult(command, new GenericCommandResultMessage<R>(failure));
            }
        }
    }
}
