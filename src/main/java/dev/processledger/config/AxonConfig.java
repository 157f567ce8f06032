package dev.processledger.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processledger.process.api.Actor;
import dev.processledger.process.command.ProcessLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import java.time.Duration;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.Registration;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Axon wiring: storage schema, serialization, conflict handling and the projection's error policy. */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** The read model of processes, updated in the event's own transaction. */
    public static final String PROCESS_VIEW_GROUP = "process-view";
    /** Writes the hash chain of every event in the event's own transaction. */
    public static final String AUDIT_CHAIN_GROUP = "audit-chain";
    /** Analytics buckets, on a pooled streaming processor of their own: never in an update's transaction. */
    public static final String ANALYTICS_GROUP = "analytics";

    /** Server time, to the millisecond, so stored events, read models and responses agree exactly. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** The limits every process lives under; resolved into the aggregate's handlers. */
    @Bean
    ProcessLimits processLimits(LedgerProperties properties) {
        return new ProcessLimits(properties.maxEventsPerProcess(), properties.staleAfter());
    }

    /** Event store tables in snake_case, created by Flyway (db/migration). */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * The JDBC engine's default resolver misses duplicate keys inside batch inserts; SQLState class 23 turns a
     * concurrent append into a ConcurrencyException, which the command gateway retries.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver();
    }

    /**
     * The most recently used processes stay loaded ({@code ledger.cache-size}, Caffeine through JCache). Safe
     * with several instances: a stale entry either collides on append or is caught before a refusal (see
     * Process), and is evicted on rollback, so the retry loads fresh state.
     */
    @Bean
    Cache processCache(CacheManager processCacheManager, LedgerProperties properties) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(properties.cacheSize()));
        return new JCacheAdapter(processCacheManager.createCache("processes", configuration));
    }

    /** A cache manager of this application context's own (JCache's default one is shared by the whole JVM). */
    @Bean(destroyMethod = "close")
    CacheManager processCacheManager() {
        CachingProvider provider = Caching.getCachingProvider(CaffeineCachingProvider.class.getName());
        return provider.getCacheManager(URI.create("process-ledger:" + UUID.randomUUID()), getClass().getClassLoader());
    }

    @Bean
    SpringAggregateSnapshotterFactoryBean snapshotter() {
        return new SpringAggregateSnapshotterFactoryBean();
    }

    /** A snapshot every {@code ledger.snapshot-threshold} events keeps loading a long history cheap. */
    @Bean
    SnapshotTriggerDefinition processSnapshotTrigger(Snapshotter snapshotter, LedgerProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    ConcurrencyRetryScheduler concurrencyRetryScheduler(MeterRegistry registry) {
        return new ConcurrencyRetryScheduler(5, Duration.ofMillis(20), registry);
    }

    /**
     * Counts the stale-step deadline runs on this instance ({@code ledger_deadlines_handled_total}), whatever
     * their outcome: a time-out, a deadline set again for a step heard from since, or nothing for a step that
     * moved on. Summed over instances it shows no run happened twice; per instance, how the work is shared.
     */
    @Bean
    Registration deadlineCounter(DeadlineManager deadlines, MeterRegistry registry) {
        Counter handled = Counter.builder("ledger.deadlines.handled")
                .description("Stale-step deadlines run by this instance").register(registry);
        return deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.increment();
            return chain.proceed();
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConcurrencyRetryScheduler retryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    /**
     * Messages are stored with a mapper of their own, so changing the web's JSON settings can never change the
     * stored format. No default typing: event types come from the payload_type column.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jacksonSerializer();
    }

    /** Copies the actor of a command (see {@link Actor}) onto every event it appends. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.TOKEN_ID, Actor.TOKEN_NAME);
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /**
     * A failing projection handler rolls the command back instead of leaving the read model behind; a failing
     * analytics batch rolls back with its token and is tried again, instead of being skipped and miscounted.
     */
    @Bean
    ConfigurerModule processViewErrorPolicy() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(PROCESS_VIEW_GROUP, c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(AUDIT_CHAIN_GROUP, c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(ANALYTICS_GROUP, c -> PropagatingErrorHandler.instance());
    }

    private static Serializer jacksonSerializer() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return JacksonSerializer.builder()
                .objectMapper(mapper)
                .revisionResolver(new AnnotationRevisionResolver())
                .build();
    }
}
