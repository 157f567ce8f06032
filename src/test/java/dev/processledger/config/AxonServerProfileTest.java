package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.PostgresStore;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The axonserver profile's wiring, without an Axon Server (none can run here): commands and queries go through
 * the connector with the configured servers, context and token, commands handled here through a local segment that
 * reports lost races as details; events stay in the relational store.
 */
@SpringBootTest(
        properties = {
            "AXONSERVER_SERVERS=127.0.0.1:18124",
            "AXONSERVER_CONTEXT=ledger",
            "AXONSERVER_TOKEN=test-access-token",
            "axon.axonserver.connect-timeout=100"
        })
@ActiveProfiles("axonserver")
@ContextConfiguration(initializers = PostgresStore.FreshDatabase.class)
@Tag(PostgresStore.TAG)
class AxonServerProfileTest {

    @Autowired
    private AxonServerConfiguration axonServer;

    @Autowired
    private CommandBus commandBus;

    @Autowired
    private QueryBus queryBus;

    @Autowired
    private EventStore eventStore;

    @Test
    void commandsAndQueriesGoThroughAxonServerAndEventsStayInTheDatabase() {
        assertThat(axonServer.getServers()).isEqualTo("127.0.0.1:18124");
        assertThat(axonServer.getContext()).isEqualTo("ledger");
        assertThat(axonServer.getToken()).isEqualTo("test-access-token");
        assertThat(commandBus).isInstanceOf(AxonServerCommandBus.class);
        assertThat(((AxonServerCommandBus) commandBus).localSegment())
                .as("lost races leave as details")
                .isInstanceOf(LostRaceDetails.class);
        assertThat(queryBus).isInstanceOf(AxonServerQueryBus.class);
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
    }
}
