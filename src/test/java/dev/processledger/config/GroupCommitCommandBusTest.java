package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.messaging.GenericMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group commit's own rules, on a real H2 database and Axon's simple bus: a group is one transaction with a
 * savepoint per command, and a refusal rolls back to its own; no command is answered before the group has committed; a
 * failed commit fails every command of the group, stores none of them and empties the aggregate cache.
 */
class GroupCommitCommandBusTest {

    /**
     * Fails the next commit of a transaction (not of a savepoint) once a command has asked for it, storing nothing, as
     * a store that cannot write would.
     */
    private static final class FailingCommits extends DataSourceTransactionManager {

        private volatile boolean failNext;
        private volatile Runnable beforeCommit = () -> {};

        private FailingCommits(SimpleDriverDataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            beforeCommit.run();
            if (failNext) {
                failNext = false;
                doRollback(status);
                throw new TransactionSystemException("the disk is full");
            }
            super.doCommit(status);
        }
    }

    private JdbcTemplate jdbc;
    private FailingCommits transactions;
    private WeakReferenceCache cache;
    private SimpleMeterRegistry registry;
    private GroupCommitCommandBus bus;
    private final CountDownLatch firstHandled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> handledOn = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(
                new org.h2.Driver(), "jdbc:h2:mem:group-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE written (name VARCHAR(40) PRIMARY KEY)");
        transactions = new FailingCommits(dataSource);
        SimpleCommandBus handling = SimpleCommandBus.builder()
                .transactionManager(new SavepointTransactions(transactions))
                .build();
        handling.subscribe("write", message -> {
            String name = (String) message.getPayload();
            handledOn.add(Thread.currentThread().getName());
            jdbc.update("INSERT INTO written (name) VALUES (?)", name);
            if (name.equals("blocker")) {
                firstHandled.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
            if (name.startsWith("breaks-commit")) {
                transactions.failNext = true;
            }
            if (name.startsWith("refused")) {
                throw new IllegalStateException("refused: " + name);
            }
            return name;
        });
        cache = new WeakReferenceCache();
        registry = new SimpleMeterRegistry();
        bus = new GroupCommitCommandBus(
                handling, transactions, cache, new LedgerProperties.GroupCommit(64, 1), registry);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        bus.shutDown();
    }

    @Test
    void aRefusalRollsBackToItsSavepointAndTheRestOfTheGroupIsStored() throws Exception {
        CompletableFuture<CommandResultMessage<?>> blocker = sendFromAnotherThread("blocker");
        assertThat(firstHandled.await(10, TimeUnit.SECONDS)).isTrue();
        // queued behind the blocker: handled together, as one group
        List<CompletableFuture<CommandResultMessage<?>>> group = List.of(send("a"), send("refused-b"), send("c"));
        List<Boolean> answeredAtCommit = new ArrayList<>();
        transactions.beforeCommit = () -> answeredAtCommit.add(group.stream().anyMatch(CompletableFuture::isDone));
        Thread.sleep(100);
        release.countDown();

        assertThat(blocker.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        assertThat(group.get(0).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("a");
        assertThat(group.get(1).get(10, TimeUnit.SECONDS).exceptionResult()).hasMessage("refused: refused-b");
        assertThat(group.get(2).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("c");
        assertThat(written()).containsExactlyInAnyOrder("blocker", "a", "c");
        assertThat(registry.get("ledger.group.commit.size").summary().max()).isEqualTo(3);
        assertThat(answeredAtCommit)
                .as("any of the group answered when a transaction committed")
                .containsOnly(false);
    }

    @Test
    void aFailedCommitFailsEveryCommandOfTheGroupAndEmptiesTheCache() throws Exception {
        cache.put("process-1", "loaded while the group ran");
        CompletableFuture<CommandResultMessage<?>> blocker = sendFromAnotherThread("blocker");
        assertThat(firstHandled.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<CommandResultMessage<?>>> group = new ArrayList<>();
        for (String name : List.of("a", "breaks-commit", "c")) {
            group.add(send(name));
        }
        Thread.sleep(100);
        release.countDown();
        assertThat(blocker.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();

        for (CompletableFuture<CommandResultMessage<?>> answer : group) {
            assertThat(answer.get(10, TimeUnit.SECONDS).exceptionResult())
                    .isInstanceOf(TransactionSystemException.class)
                    .hasMessage("the disk is full");
        }
        assertThat(written()).containsExactly("blocker");
        assertThat(cache.containsKey("process-1")).as("cache emptied").isFalse();

        // the lane goes on with the next commands
        assertThat(send("d").get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("d");
        assertThat(written()).containsExactlyInAnyOrder("blocker", "d");
    }

    @Test
    void aLoneCommandIsHandledOnItsSendersThread() throws Exception {
        assertThat(send("alone").get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("alone");
        assertThat(handledOn).containsExactly(Thread.currentThread().getName());
        assertThat(written()).containsExactly("alone");
    }

    @Test
    void aCommandThatFailsBeforeItsHandlingIsAnsweredAndTheLaneGoesOn() throws Exception {
        bus.registerDispatchInterceptor(messages -> (index, message) -> {
            if ("explodes".equals(message.getPayload())) {
                throw new IllegalArgumentException("cannot be dispatched");
            }
            return message;
        });

        assertThat(send("explodes").get(10, TimeUnit.SECONDS).exceptionResult()).hasMessage("cannot be dispatched");
        assertThat(send("after").get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("after");
        assertThat(written()).containsExactly("after");
    }

    @Test
    void aCommandSentInsideAnotherTransactionIsHandledInIt() throws Exception {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            bus.dispatch(write("inside"), (message, result) -> answer.complete(result));
            assertThat(answer).as("answered on the sender's thread").isDone();
        });
        assertThat(answer.get().getPayload()).isEqualTo("inside");
        assertThat(written()).containsExactly("inside");
    }

    /** A lone command is handled on its sender's thread: a blocking one needs a thread of its own. */
    private CompletableFuture<CommandResultMessage<?>> sendFromAnotherThread(String name) {
        return CompletableFuture.supplyAsync(() -> send(name)).thenCompose(answer -> answer);
    }

    private CompletableFuture<CommandResultMessage<?>> send(String name) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        bus.dispatch(write(name), (message, result) -> answer.complete(result));
        return answer;
    }

    private static CommandMessage<String> write(String name) {
        return new GenericCommandMessage<>(new GenericMessage<>(name), "write");
    }

    private List<String> written() {
        return jdbc.queryForList("SELECT name FROM written", String.class);
    }
}
