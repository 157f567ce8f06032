package dev.processledger.config;

import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The transaction of one command: a transaction of its own, or, inside a group's transaction
 * ({@link GroupCommitCommandBus}), a savepoint of it. A refused or failed command rolls back to its savepoint and
 * leaves the others of its group as they were. Axon's Spring transaction manager, asked for nested transactions, plus
 * ending the savepoints it began: on its own it only ends transactions it began, so it would neither release nor roll
 * back a savepoint.
 */
final class SavepointTransactions extends SpringTransactionManager {

    private final PlatformTransactionManager transactions;

    SavepointTransactions(PlatformTransactionManager transactions) {
        super(transactions, new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        this.transactions = transactions;
    }

    @Override
    protected void commitTransaction(TransactionStatus status) {
        if (openSavepoint(status)) {
            transactions.commit(status);
        } else {
            super.commitTransaction(status);
        }
    }

    @Override
    protected void rollbackTransaction(TransactionStatus status) {
        if (openSavepoint(status)) {
            transactions.rollback(status);
        } else {
            super.rollbackTransaction(status);
        }
    }

    private static boolean openSavepoint(TransactionStatus status) {
        return status.hasSavepoint() && !status.isCompleted();
    }
}
