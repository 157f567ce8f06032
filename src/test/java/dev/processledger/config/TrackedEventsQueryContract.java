package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A streaming reader that waits on gaps in {@code global_index} (events another transaction had not yet committed)
 * gets them, and what follows its position, in global order, through the service's own storage engine.
 */
abstract class TrackedEventsQueryContract extends ApiTestSupport {

    @Autowired
    EventStorageEngine engine;

    @Autowired
    EventSchema schema;

    @Test
    void aReaderWaitingOnGapsGetsThemAndWhatFollowsInGlobalOrder() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":50}");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT global_index, event_identifier FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY global_index",
                id);
        assertThat(rows).hasSize(4);
        List<Long> positions = rows.stream()
                .map(r -> ((Number) r.get("global_index")).longValue())
                .toList();
        List<String> ids =
                rows.stream().map(r -> (String) r.get("event_identifier")).toList();
        // as if the first two of them had been committed after the third
        GapAwareTrackingToken token =
                GapAwareTrackingToken.newInstance(positions.get(2), new TreeSet<>(positions.subList(0, 2)));

        List<String> read;
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
            read = events.map(TrackedEventMessage::getIdentifier)
                    .filter(ids::contains)
                    .toList();
        }

        assertThat(read).containsExactly(ids.get(0), ids.get(1), ids.get(3));
    }
}
