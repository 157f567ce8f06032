package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processledger.audit.ChainTips.Tip;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tip is kept only for a record whose transaction committed and whose unit of work did not roll back, and is used
 * only for the event right after it: any other answer would chain the next event to a record that is not stored.
 */
class ChainTipsTest {

    private final TransactionTemplate transaction =
            new TransactionTemplate(new DataSourceTransactionManager(new SimpleDriverDataSource(
                    new org.h2.Driver(), "jdbc:h2:mem:tips-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
    private final ChainTips tips = new ChainTips(100);

    @Test
    void aCommittedRecordIsTheTipForTheNextEventOnly() {
        Tip tip = new Tip("p1", 5, "org", "ns", "hash-5");
        transaction.executeWithoutResult(status -> {
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            tips.keepOnCommit(tip);
            assertThat(tips.find("p1", 5)).as("before the commit").isEmpty();
            unitOfWork.commit();
        });

        assertThat(tips.find("p1", 5)).contains(tip);
        assertThat(tips.find("p1", 4)).as("another sequence").isEmpty();
        assertThat(tips.find("p2", 5)).as("another process").isEmpty();
    }

    @Test
    void aUnitOfWorkRolledBackInsideACommittedTransactionKeepsNothing() {
        transaction.executeWithoutResult(status -> {
            DefaultUnitOfWork<?> refused = DefaultUnitOfWork.startAndGet(null);
            tips.keepOnCommit(new Tip("p1", 5, "org", "ns", "rolled back to its savepoint"));
            refused.rollback();
            DefaultUnitOfWork<?> kept = DefaultUnitOfWork.startAndGet(null);
            tips.keepOnCommit(new Tip("p2", 3, "org", "ns", "hash-3"));
            kept.commit();
        });

        assertThat(tips.find("p1", 5)).isEmpty();
        assertThat(tips.find("p2", 3)).isPresent();
    }

    @Test
    void aTransactionThatRollsBackKeepsNothing() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                    tips.keepOnCommit(new Tip("p1", 5, "org", "ns", "never stored"));
                    unitOfWork.commit();
                    throw new IllegalStateException("the group's commit failed");
                }))
                .hasMessage("the group's commit failed");

        assertThat(tips.find("p1", 5)).isEmpty();
    }

    @Test
    void outsideATransactionNothingIsKept() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        tips.keepOnCommit(new Tip("p1", 5, "org", "ns", "hash-5"));
        unitOfWork.commit();

        assertThat(tips.find("p1", 5)).isEmpty();
    }

    @Test
    void aLaterTipReplacesAnEarlierOne() {
        for (long sequence = 1; sequence <= 3; sequence++) {
            Tip tip = new Tip("p1", sequence, "org", "ns", "hash-" + sequence);
            transaction.executeWithoutResult(status -> {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                tips.keepOnCommit(tip);
                unitOfWork.commit();
            });
        }

        assertThat(tips.find("p1", 2)).isEmpty();
        assertThat(tips.find("p1", 3).map(Tip::hash)).contains("hash-3");
    }
}
