package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakingEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final WakingEventSource source = new WakingEventSource(store, Duration.ZERO);
    private final AtomicInteger wakes = new AtomicInteger();

    @AfterEach
    void stop() {
        source.shutDown();
        store.shutDown();
    }

    @Test
    void aCommitWakesTheReaderAfterItHasCommittedAndTheEventIsThereWhenItLooks() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        assertThat(stream.setOnAvailableCallback(wakes::incrementAndGet)).isTrue();
        assertThat(stream.hasNextAvailable()).isFalse();

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("first"));
        unitOfWork.onCommit(u -> assertThat(wakes).hasValue(0));
        unitOfWork.commit();

        assertThat(wakes).hasValue(1);
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    @Test
    void aRolledBackAppendWakesNobody() {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        stream.setOnAvailableCallback(wakes::incrementAndGet);

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("lost"));
        unitOfWork.rollback();

        assertThat(wakes).hasValue(0);
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    @Test
    void commitsWithinTheGatheringTimeWakeTheReaderOnceAfterIt() throws Exception {
        WakingEventSource gathering = new WakingEventSource(store, Duration.ofMillis(200));
        try {
            BlockingStream<TrackedEventMessage<?>> stream = gathering.openStream(null);
            stream.setOnAvailableCallback(wakes::incrementAndGet);
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                store.publish(GenericEventMessage.asEventMessage("event " + i));
                unitOfWork.commit();
            }
            assertThat(wakes).as("not before the gathering time").hasValue(0);
            while (wakes.get() == 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            assertThat(wakes).hasValue(1);
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
            Thread.sleep(300);
            assertThat(wakes).as("one wake-up for the five commits").hasValue(1);
            stream.close();
        } finally {
            gathering.shutDown();
        }
    }

    @Test
    void aClosedStreamIsNoLongerWoken() {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        stream.setOnAvailableCallback(wakes::incrementAndGet);
        stream.close();

        store.publish(GenericEventMessage.asEventMessage("after close"));

        assertThat(wakes).hasValue(0);
    }
}
