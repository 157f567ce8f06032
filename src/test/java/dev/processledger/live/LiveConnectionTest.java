package dev.processledger.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A client that does not keep up is dropped when its buffer is full; the feed never waits for it. */
class LiveConnectionTest {

    private final List<LiveConnection> closed = new ArrayList<>();

    private static ProcessUpdate update(long position, String orgId) {
        return new ProcessUpdate(
                position,
                orgId,
                "step_started",
                1,
                new ProcessUpdate.Process("p", "o.ns", "n", "running", "a", Instant.EPOCH, 1));
    }

    @Test
    void aFullBufferDropsTheClientInsteadOfBlocking() {
        LiveConnection connection = new LiveConnection(
                new SseEmitter(0L), "org", UUID.randomUUID(), null, 2, () -> LiveConnection.Catchup.NONE, closed::add);

        connection.offer(update(1, "org"));
        connection.offer(update(2, "org"));
        assertThat(closed).isEmpty();
        connection.offer(update(3, "org"));

        assertThat(closed).containsExactly(connection);
    }

    @Test
    void aWriterThatFailsStillFreesItsPlace() {
        LiveConnection connection = new LiveConnection(
                new SseEmitter(0L),
                "org",
                UUID.randomUUID(),
                null,
                2,
                () -> {
                    throw new IllegalStateException("catch-up query failed");
                },
                closed::add);

        connection.run();

        assertThat(closed).containsExactly(connection);
    }

    @Test
    void otherOrganizationsUpdatesNeverFillTheBuffer() {
        LiveConnection connection = new LiveConnection(
                new SseEmitter(0L), "org", UUID.randomUUID(), null, 1, () -> LiveConnection.Catchup.NONE, closed::add);

        for (int i = 0; i < 10; i++) {
            connection.offer(update(i, "other-org"));
        }

        assertThat(closed).isEmpty();
    }
}
