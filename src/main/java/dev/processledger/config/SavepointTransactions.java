package dev.processledger.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The transaction of one command: a transaction of its own, or, inside a group's transaction
 * ({@link GroupCommitCommandBus}), a savepoint of it. A refused or failed command rolls back to its savepoint and
 * leaves the others of its group as they were. (Axon's own Spring transaction manager only ends transactions it
 * began, so it would neither release nor roll back a savepoint.)
 */
final class SavepointTransactions implements TransactionManager {

    private static final TransactionDefinition NESTED =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final PlatformTransactionManager transactions;

    SavepointTransactions(PlatformTransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public Transaction startTransaction() {
        TransactionStatus status = transactions.getTransaction(NESTED);
        return new Transaction() {
            @Override
            public void commit() {
                if (ownedAndOpen(status)) {
                    transactions.commit(status);
                }
            }

            @Override
            public void rollback() {
                if (ownedAndOpen(status)) {
                    transactions.rollback(status);
                }
            }
        };
    }

    private static boolean ownedAndOpen(TransactionStatus status) {
        return !status.isCompleted() && (status.isNewTransaction() || status.hasSavepoint());
    }
}
