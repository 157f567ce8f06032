package dev.processledger.process.command;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import dev.processledger.config.LedgerProperties;
import dev.processledger.process.api.Actor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Process} aggregate's wiring: its limits, cache and snapshots, the command gateway that retries lost
 * races, the actor copied onto events, and the count of stale-step deadlines.
 */
@Configuration(proxyBeanMethods = false)
class ProcessCommandConfig {

    /** The limits every process lives under; resolved into the aggregate's handlers. */
    @Bean
    ProcessLimits processLimits(LedgerProperties properties) {
        return new ProcessLimits(properties.maxEventsPerProcess(), properties.staleAfter());
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
        return provider.getCacheManager(
                URI.create("process-ledger:" + UUID.randomUUID()), getClass().getClassLoader());
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

    /**
     * Counts the stale-step deadline runs on this instance ({@code ledger_deadlines_handled_total}), whatever
     * their outcome: a time-out, a deadline set again for a step heard from since, or nothing for a step that
     * moved on. Summed over instances it shows no run happened twice; per instance, how the work is shared.
     */
    @Bean
    Registration deadlineCounter(DeadlineManager deadlines, MeterRegistry registry) {
        Counter handled = Counter.builder("ledger.deadlines.handled")
                .description("Stale-step deadlines run by this instance")
                .register(registry);
        return deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.increment();
            return chain.proceed();
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler retryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(retryScheduler)
                .build();
    }

    /** Copies the actor of a command (see {@link Actor}) onto every event it appends. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.TOKEN_ID, Actor.TOKEN_NAME);
    }
}
