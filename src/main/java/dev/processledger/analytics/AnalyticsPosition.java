package dev.processledger.analytics;

import dev.processledger.audit.EventIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the analytics projection has got: the lowest global position its segments have reached (every event up to
 * it is counted, whichever instance holds the segment), that event's time, and how many events lie beyond it. Read
 * from the token store, so every instance answers the same. Published as the gauge {@code ledger_analytics_lag_events}.
 */
@Component
public class AnalyticsPosition {

    /** The position answers report; {@code position} null before the projection has counted any event. */
    public record AsOf(Long position, Instant at) {}

    record Current(AsOf asOf, long lagEvents) {}

    private final JdbcTemplate jdbc;
    private final EventIndex events;
    private final Serializer serializer;

    AnalyticsPosition(JdbcTemplate jdbc, EventIndex events, Serializer serializer, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.events = events;
        this.serializer = serializer;
        Gauge.builder("ledger.analytics.lag.events", this, p -> p.current().lagEvents())
                .description("Events stored but not yet counted by the analytics projection")
                .register(registry);
    }

    Current current() {
        long head = events.head();
        Long reached = reached();
        if (reached == null) {
            return new Current(new AsOf(null, null), head == 0 ? 0 : head + 1);
        }
        Instant at = events.storedAtOrBefore(reached).orElse(null);
        long lag = Math.max(0, head - reached);
        return new Current(new AsOf(reached, at), lag);
    }

    /** The lowest position of the processor's segments; null when it has none yet or a segment has counted nothing. */
    private Long reached() {
        List<OptionalLong> positions = jdbc.query(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (rs, n) -> {
                    byte[] token = rs.getBytes(1);
                    String type = rs.getString(2);
                    if (token == null || type == null) {
                        return OptionalLong.empty();
                    }
                    TrackingToken tracking =
                            serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
                    return tracking == null ? OptionalLong.empty() : tracking.position();
                },
                AnalyticsProjection.GROUP);
        if (positions.isEmpty() || positions.stream().anyMatch(OptionalLong::isEmpty)) {
            return null;
        }
        return positions.stream().mapToLong(OptionalLong::getAsLong).min().orElseThrow();
    }
}
