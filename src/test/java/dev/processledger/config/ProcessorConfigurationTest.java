package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read model and the hash chain must be written in the event's own transaction: their processors are
 * subscribing, and an update's events, view and hashes are all there when its response arrives.
 */
@H2Store
class ProcessorConfigurationTest extends ApiTestSupport {

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void theViewAndTheHashChainAreSubscribing() {
        assertThat(processing.eventProcessor("process-view").map(EventProcessor::getClass))
                .hasValue(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("audit-chain").map(EventProcessor::getClass))
                .hasValue(SubscribingEventProcessor.class);
    }

    @Test
    void everyAcknowledgedEventHasItsHashAndViewAtOnce() {
        String id = createProcess(uniqueNamespace(), "a", "b");
        for (String update : new String[] {
            "{\"type\":\"step_started\",\"step\":\"a\"}",
            "{\"type\":\"step_started\",\"step\":\"b\"}",
            "{\"type\":\"failed\",\"error\":\"x\"}"
        }) {
            long sequence = accepted(id, update).json().path("sequence").asLong();

            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM event_audit WHERE aggregate_identifier = ?", Long.class, id))
                    .isEqualTo(eventCount(id))
                    .isEqualTo(sequence + 1);
            assertThat(jdbc.queryForObject(
                            "SELECT version FROM process_view WHERE process_id = ?",
                            Long.class,
                            java.util.UUID.fromString(id)))
                    .isEqualTo(sequence);
        }
    }
}
