package dev.processledger.analytics;

import dev.processledger.ProcessLedgerApplication;
import dev.processledger.support.Api;
import dev.processledger.support.PostgresStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One service instance on a PostgreSQL database, started in this JVM with its own name for its token claims, and
 * what its analytics processor is doing.
 */
final class AnalyticsInstance implements AutoCloseable {

    final String owner;
    final Api api;
    private final ConfigurableApplicationContext context;

    private AnalyticsInstance(String owner, ConfigurableApplicationContext context) {
        this.owner = owner;
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.api = new Api("http://127.0.0.1:" + port);
    }

    /** Starts an instance; a small pool, as several builds share the server's connections. */
    static AnalyticsInstance start(String url, String owner, String bootstrapToken, int maxEvents) {
        SpringApplicationBuilder builder =
                new SpringApplicationBuilder(ProcessLedgerApplication.class, NamedClaims.class).profiles("postgres");
        return new AnalyticsInstance(
                owner,
                builder.run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + PostgresStore.FreshDatabase.user(),
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--ledger.bootstrap.token=" + bootstrapToken,
                        "--spring.jmx.enabled=false",
                        "--ledger.max-events-per-process=" + maxEvents,
                        "--db-scheduler.polling-interval=100ms",
                        "--test.token-owner=" + owner));
    }

    StreamingEventProcessor processor() {
        return context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
    }

    /** The segments this instance's analytics processor is working on. */
    Set<Integer> segments() {
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        return status.values().stream()
                .filter(s -> !s.isErrorState())
                .map(s -> s.getSegment().getSegmentId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Who holds each segment's claim, from the shared token table (null: nobody). */
    Map<Integer, String> owners() {
        Map<Integer, String> owners = new TreeMap<>();
        jdbc().query(
                        "SELECT segment, owner FROM token_entry WHERE processor_name = ?",
                        rs -> {
                            owners.put(rs.getInt(1), rs.getString(2));
                        },
                        AnalyticsProjection.GROUP);
        return owners;
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * Names the instance's token claims, as separate JVMs are named (pid@host): two instances in one JVM would share
     * that name, both hold every segment, and count events twice. Not a component: only these instances use it.
     */
    static class NamedClaims {

        @Bean
        TokenStore tokenStore(
                ConnectionProvider connections, Serializer serializer, TokenSchema schema, Environment environment) {
            return JdbcTokenStore.builder()
                    .connectionProvider(connections)
                    .serializer(serializer)
                    .schema(schema)
                    .nodeId(environment.getRequiredProperty("test.token-owner"))
                    .build();
        }
    }
}
