package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the analytics suites share: a range around now, and waiting for the projection to catch up. */
public abstract class AnalyticsTestSupport extends ApiTestSupport {

    /** A range of whole hours around now that holds every process the test creates. */
    protected static String range() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return "from=" + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(2, ChronoUnit.HOURS);
    }

    /** Waits until the analytics projection has counted every stored event; returns its answer then. */
    protected JsonNode caughtUp(String path, String token) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Api.Response response = api.get(path, token);
            assertThat(response.status())
                    .as("%s: %s", path, response.raw().body())
                    .isEqualTo(200);
            long head = count("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry");
            if (response.json().path("lag_events").asLong() == 0
                    && response.json().path("as_of").path("position").asLong(-1) >= head) {
                return response.json();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("analytics did not catch up");
    }
}
