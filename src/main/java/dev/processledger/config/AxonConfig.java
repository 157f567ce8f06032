package dev.processledger.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's storage and command bus: the event store and token tables, the serializers, how persistence errors are
 * read, the command bus with group commit, and the retry of commands that lose a race. Each feature wires its own
 * handlers ({@code ProcessCommandConfig}, {@code ProcessViewProjection}, {@code AuditChainRecorder}).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** Server time, to the millisecond, so stored events, read models and responses agree exactly. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** Event store tables in snake_case, created by Flyway (db/migration). */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Connections as Spring's transaction holds them. Axon's default wraps them to commit or roll back the connection
     * itself when a unit of work ends, which would commit or roll back a whole group's transaction
     * ({@link GroupCommitCommandBus}) when one command of the group ends; Spring's transaction (or savepoint) of the
     * command already does exactly that.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
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
     * Axon's JDBC engine as Boot would make it (serializers, upcasters, snapshot filter), except for the statement that
     * reads past gaps in {@code global_index} ({@link TrackedEventsQuery}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .readEventDataWithGaps(TrackedEventsQuery::withGaps)
                .build();
    }

    /**
     * The command bus: Axon's simple bus as Boot would make it, except that each command's transaction is a savepoint
     * when it runs inside a group's transaction ({@link SavepointTransactions}), behind group commit
     * ({@link GroupCommitCommandBus}). With Axon Server it is the local segment, where the commands routed to this
     * instance are handled.
     */
    @Bean(destroyMethod = "shutDown")
    @Qualifier("localSegment")
    CommandBus commandBus(
            PlatformTransactionManager transactions,
            org.axonframework.config.Configuration configuration,
            DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
            Cache processCache,
            LedgerProperties properties,
            MeterRegistry registry) {
        SimpleCommandBus handling = SimpleCommandBus.builder()
                .transactionManager(new SavepointTransactions(transactions))
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(configuration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(configuration.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        handling.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return new GroupCommitCommandBus(handling, transactions, processCache, properties.groupCommit(), registry);
    }

    @Bean
    ConcurrencyRetryScheduler concurrencyRetryScheduler(MeterRegistry registry) {
        return new ConcurrencyRetryScheduler(5, Duration.ofMillis(20), registry);
    }

    /**
     * With Axon Server (enabled unless {@code axon.axonserver.enabled=false}, as Axon's own buses decide), lost races
     * leave this instance's local segment as details the sender can retry on ({@link LostRaceDetails}).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", matchIfMissing = true)
    static BeanPostProcessor lostRaceDetails(ConfigurableListableBeanFactory beans) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof CommandBus localSegment
                                && BeanFactoryAnnotationUtils.isQualifierMatch("localSegment"::equals, name, beans)
                        ? new LostRaceDetails(localSegment)
                        : bean;
            }
        };
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

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
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
