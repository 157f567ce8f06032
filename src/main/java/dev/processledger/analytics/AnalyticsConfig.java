package dev.processledger.analytics;

import dev.processledger.config.LedgerProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The analytics processor's wiring; its mode, segments and batch size are properties (application.properties). */
@Configuration(proxyBeanMethods = false)
class AnalyticsConfig {

    /**
     * The processor's events (axon.eventhandling.processors.analytics.source): woken by this instance's commits,
     * gathered over {@code ledger.analytics.wake-gather} (docs/performance.md).
     */
    @Bean(destroyMethod = "shutDown")
    WakingEventSource analyticsEventSource(EventStore eventStore, LedgerProperties properties) {
        return new WakingEventSource(eventStore, properties.analytics().wakeGather());
    }

    /** A failing batch rolls back with its token and is tried again, instead of being skipped and miscounted. */
    @Bean
    ConfigurerModule analyticsErrorPolicy() {
        return configurer -> configurer
                .eventProcessing()
                .registerListenerInvocationErrorHandler(
                        AnalyticsProjection.GROUP, c -> PropagatingErrorHandler.instance());
    }

    /** Each organization's namespace is handled in one segment, in stream order. */
    @Bean
    ConfigurerModule analyticsSequencing(LedgerProperties properties) {
        return configurer -> configurer
                .eventProcessing()
                .registerSequencingPolicy(
                        AnalyticsProjection.GROUP,
                        c -> new NamespaceSequencing(c.eventStore(), properties.cacheSize()));
    }

    /**
     * A segment that sees no event of its own stores its position only at each claim extension (5 s by default),
     * and as_of is the lowest position of all segments: extending every 500 ms keeps answers current within that.
     */
    @Bean
    ConfigurerModule analyticsClaimExtension() {
        return configurer -> configurer
                .eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(
                        AnalyticsProjection.GROUP, (c, builder) -> builder.claimExtensionThreshold(500));
    }

    /**
     * No per-event Axon metrics (timer, capacity, counters) for analytics: in a replay they took about a sixth of the
     * processor's CPU. How far it has got is the gauge ledger.analytics.lag.events.
     */
    @Bean
    ConfigurerModule analyticsWithoutMessageMetrics() {
        return configurer -> configurer.configureMessageMonitor(
                EventProcessor.class,
                AnalyticsProjection.GROUP,
                (c, componentType, componentName) -> NoOpMessageMonitor.INSTANCE);
    }
}
