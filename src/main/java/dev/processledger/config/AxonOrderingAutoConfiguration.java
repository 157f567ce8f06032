package dev.processledger.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Puts Axon's auto-configurations after the Spring Boot ones whose beans they look for. Axon 4.13 orders itself
 * after Boot 3's class names; Boot 4 moved those auto-configurations into modules with new packages, so without
 * these the order falls back to the alphabet and Axon comes first. Then it finds no DataSource (no JDBC event
 * store), no PlatformTransactionManager (events and read models no longer in one transaction: NoTransactionManager),
 * no web ObjectMapper (its own plain mapper would become the web's) and no MeterRegistry. Ordering only: no beans.
 * {@code AxonWiringTest} fails if any of this comes undone.
 */
public final class AxonOrderingAutoConfiguration {

    private AxonOrderingAutoConfiguration() {}

    /** The store, its transactions and the web's Jackson 2 mapper before Axon's storage, transaction and mapper. */
    @AutoConfiguration(
            afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration"
            },
            beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration"
            })
    public static final class Storage {}

    /** The meter registries (the Prometheus one among them) before Axon's message and processor metrics. */
    @AutoConfiguration(
            afterName = {
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"
            },
            beforeName = "org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration")
    public static final class Metrics {}
}
