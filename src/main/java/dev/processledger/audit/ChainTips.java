package dev.processledger.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The last committed audit record of each recently appended process, so that the next event's previous hash needs no
 * query. A record is kept only once the transaction that wrote it has committed, and not if its own unit of work
 * rolled back (a grouped command's savepoint): a committed record never changes, so a tip is right on any instance
 * for the one event that follows it, and one of another sequence (another instance appended meanwhile) is not used.
 */
final class ChainTips {

    /** A process's last record as far as this instance knows: what the record of event {@code sequence + 1} needs. */
    record Tip(String processId, long sequence, String orgId, String namespace, String hash) {}

    private final Cache<String, Tip> tips;

    ChainTips(long size) {
        this.tips = Caffeine.newBuilder().maximumSize(size).build();
    }

    /** The committed record of event {@code sequence} of the process, if it is the tip this instance knows. */
    Optional<Tip> find(String processId, long sequence) {
        Tip tip = tips.getIfPresent(processId);
        return tip != null && tip.sequence() == sequence ? Optional.of(tip) : Optional.empty();
    }

    /**
     * Keeps the tip once the current transaction commits, unless the current unit of work rolls back first; outside
     * a transaction with synchronization, keeps nothing.
     */
    void keepOnCommit(Tip tip) {
        if (!TransactionSynchronizationManager.isSynchronizationActive() || !CurrentUnitOfWork.isStarted()) {
            return;
        }
        AtomicBoolean rolledBack = new AtomicBoolean();
        CurrentUnitOfWork.get().onRollback(unitOfWork -> rolledBack.set(true));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (!rolledBack.get()) {
                    tips.put(tip.processId(), tip);
                }
            }
        });
    }
}
