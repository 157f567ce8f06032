package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon is wired to the platform's beans, not to fallbacks of its own. If an upgrade lets Axon's auto-configurations
 * run before Spring Boot's (AxonOrderingAutoConfiguration), Axon starts anyway, silently: without the transaction
 * manager (events and read models no longer committed together), without the JDBC store, with its own JSON
 * mapper for the web, or with metrics in a registry no one scrapes. This test names each of those.
 */
@H2Store
@AutoConfigureMetrics
class AxonWiringTest extends ApiTestSupport {

    @Autowired
    private ApplicationContext context;

    @Test
    void axonRunsInTheDatabasesTransactions() {
        TransactionManager axon = context.getBean(TransactionManager.class);
        PlatformTransactionManager spring = context.getBean(PlatformTransactionManager.class);

        assertThat(axon).isInstanceOf(SpringTransactionManager.class);
        assertThat(spring).isInstanceOf(DataSourceTransactionManager.class);
        assertThat(((DataSourceTransactionManager) spring).getDataSource()).isSameAs(context.getBean(DataSource.class));
    }

    @Test
    void eventsAreStoredInTheRelationalStore() {
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
    }

    @Test
    void theWebMapperIsTheConfiguredOne() {
        assertThat(context.getBeansOfType(ObjectMapper.class)).hasSize(1);
        assertThat(context.getBean(ObjectMapper.class).getPropertyNamingStrategy())
                .isSameAs(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Test
    void axonMetricsReachThePrometheusRegistry() {
        createProcess(uniqueNamespace(), "build");
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        PrometheusMeterRegistry prometheus = context.getBean(PrometheusMeterRegistry.class);

        assertThat(context.getBean(GlobalMetricRegistry.class).getRegistry()).isSameAs(registry);
        assertThat(prometheus
                        .find("eventProcessor.latency")
                        .tag("processorName", "process-view")
                        .meters())
                .isNotEmpty();
        assertThat(prometheus.scrape()).contains("eventProcessor_latency{processorName=\"process-view\"}");
    }
}
